import { createSignal, For } from "solid-js";
import { errorMessage } from "../../../api";
import { DownloadIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type Attachment, ticketApi } from "./shared";

export function FileList(props: { ticketId: string; files: Attachment[] }) {
  const [error, setError] = createSignal<string>();
  const open = async (file: Attachment) => {
    setError(undefined);
    try {
      const { url } = await ticketApi.download(props.ticketId, file.id);
      const a = document.createElement("a");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener";
      a.click();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <>
      <ul class="ct-files">
        <For each={props.files}>
          {(file) => (
            <li>
              <button type="button" class="btn-link ct-file" onClick={() => open(file)}>
                <DownloadIcon />
                <span class="truncate">{file.filename}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <ErrorAlert message={error()} />
    </>
  );
}

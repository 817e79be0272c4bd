import type { MailTransport } from "./port";

export interface SesOptions {
  region: string;
}

/** Amazon SES v2. The SDK is imported on first send, so cold starts that send nothing never load it. */
export function sesMailTransport(options: SesOptions): MailTransport {
  let client: Promise<import("@aws-sdk/client-sesv2").SESv2Client> | undefined;
  return {
    name: "ses",
    async deliver(message) {
      const sdk = await import("@aws-sdk/client-sesv2");
      client ??= Promise.resolve(new sdk.SESv2Client({ region: options.region }));
      const body = {
        Text: { Data: message.text, Charset: "UTF-8" },
        ...(message.html ? { Html: { Data: message.html, Charset: "UTF-8" } } : {}),
      };
      await (await client).send(
        new sdk.SendEmailCommand({
          FromEmailAddress: message.from,
          Destination: { ToAddresses: [message.to] },
          Content: { Simple: { Subject: { Data: message.subject, Charset: "UTF-8" }, Body: body } },
        }),
      );
    },
    async deliverRaw(message) {
      const sdk = await import("@aws-sdk/client-sesv2");
      client ??= Promise.resolve(new sdk.SESv2Client({ region: options.region }));
      await (await client).send(
        new sdk.SendEmailCommand({
          FromEmailAddress: message.from,
          Destination: { ToAddresses: [message.to] },
          Content: { Raw: { Data: message.raw } },
        }),
      );
    },
  };
}

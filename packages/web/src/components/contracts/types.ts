import type { InferResponseType } from "hono/client";
import type { client } from "../../api";

/** Shapes the vendor portal's and staff's installation-project pages share. */
type V = (typeof client)["api"]["v1"]["vendor"];
export type Coordinates = [number, number][];
export type MapTiles = InferResponseType<V["map"]["$get"], 200>;
export type AsBuilt = InferResponseType<V["projects"][":id"]["as-builts"]["$get"], 200>["items"][number];

import * as z from "zod";
import { requirePermission } from "../access";
import { useConfig } from "../platform/config";
import { fn } from "../platform/fn";

export const MapSettings = z.object({ tileUrl: z.string(), attribution: z.string() });
export type MapSettings = z.infer<typeof MapSettings>;

/**
 * The dispatch board map's tile source (MAP_TILE_URL, MAP_TILE_ATTRIBUTION). The portal's CSP allows the
 * tile origin for images; the map still shows its markers and list when the tiles cannot be reached.
 */
export const mapSettings = fn(z.object({}).default({}), async (): Promise<MapSettings> => {
  requirePermission("operations:work_order:read");
  const config = useConfig();
  return { tileUrl: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION };
});

/**
 * The inventory domain's one front door: items and locations (catalog), balances and the ledger
 * (stock), work-order material lines and reservations (materials), and material requests (Request).
 */
export {
  createItem,
  createLocation,
  getItem,
  ItemInfo,
  LocationInfo,
  listItems,
  listLocations,
  myVan,
  updateItem,
  updateLocation,
} from "./catalog";
export { lineStatuses, locationKinds, movementKinds, requestStatuses } from "./inventory.sql";
export {
  ConsumeResult,
  captureEquipment,
  consume,
  DEFAULT_RESERVATION_DAYS,
  EquipmentResult,
  expireReservations,
  listMaterials,
  MaterialLineInfo,
  planMaterial,
  release,
} from "./materials";
export * as Request from "./requests";
export { MaterialRequestInfo } from "./requests";
export {
  adjust,
  count,
  type Drift,
  exportMovements,
  ledgerDrift,
  listMovements,
  listSerials,
  listStock,
  MovementFilters,
  MovementInfo,
  movementCsvHeader,
  receive,
  SerialInfo,
  StockInfo,
  setReorderLevel,
  TransferLine,
  transfer,
} from "./stock";

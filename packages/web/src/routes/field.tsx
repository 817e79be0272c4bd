import { Navigate, Route } from "@solidjs/router";
import { page } from "./page";

const TechniciansPage = page(["technicians"], () => import("../pages/technicians/TechniciansPage"), "TechniciansPage");
const TechnicianPage = page(["technicians"], () => import("../pages/technicians/TechnicianPage"), "TechnicianPage");
const DispatchSettingsPage = page(
  ["technicians"],
  () => import("../pages/technicians/DispatchSettingsPage"),
  "DispatchSettingsPage",
);
const DispatchBoardPage = page(["board"], () => import("../pages/dispatch/DispatchBoardPage"), "DispatchBoardPage");
const ExpensesPage = page(["expenses"], () => import("../pages/expenses/ExpensesPage"), "ExpensesPage");
const RatesPage = page(["expenses"], () => import("../pages/expenses/RatesPage"), "RatesPage");
const WorkOrderCostPage = page(
  ["dashboard", "expenses"],
  () => import("../pages/expenses/WorkOrderCostPage"),
  "WorkOrderCostPage",
);
const InventoryItemsPage = page(["inventory"], () => import("../pages/inventory/ItemsPage"), "ItemsPage");
const InventoryMovementsPage = page(["inventory"], () => import("../pages/inventory/MovementsPage"), "MovementsPage");
const InventoryRequestsPage = page(["inventory"], () => import("../pages/inventory/RequestsPage"), "RequestsPage");
const InventoryStockPage = page(["inventory"], () => import("../pages/inventory/StockPage"), "StockPage");
const InventoryVanPage = page(["inventory"], () => import("../pages/inventory/VanPage"), "VanPage");
const WorkOrderMaterialsPage = page(
  ["inventory"],
  () => import("../pages/inventory/WorkOrderMaterials"),
  "WorkOrderMaterialsPage",
);
const WorkOrderListPage = page(
  ["workOrders"],
  () => import("../pages/work-orders/WorkOrderListPage"),
  "WorkOrderListPage",
);
const WorkOrderCreatePage = page(
  ["workOrders"],
  () => import("../pages/work-orders/WorkOrderCreatePage"),
  "WorkOrderCreatePage",
);
const WorkOrderDetailPage = page(
  ["tickets", "workOrders", "inventory", "dashboard", "expenses"],
  () => import("../pages/work-orders/WorkOrderDetailPage"),
  "WorkOrderDetailPage",
);
const WorkOrderSettingsPage = page(
  ["workOrders"],
  () => import("../pages/work-orders/WorkOrderSettingsPage"),
  "WorkOrderSettingsPage",
);

/**
 * The field pages of the staff portal: work orders, dispatch, technicians, time and cost, inventory.
 * Each page loads on first visit with the dictionary areas it names (`page()`).
 */
export const fieldRoutes = () => (
  <>
    <Route path="/work-orders" component={WorkOrderListPage} />
    <Route path="/work-orders/new" component={WorkOrderCreatePage} />
    <Route path="/work-orders/:id" component={WorkOrderDetailPage} />
    <Route path="/dispatch" component={DispatchBoardPage} />
    <Route path="/technicians" component={TechniciansPage} />
    <Route path="/technicians/:id" component={TechnicianPage} />
    <Route path="/settings/dispatch" component={DispatchSettingsPage} />
    <Route path="/settings/work-orders" component={WorkOrderSettingsPage} />
    <Route path="/settings/rates" component={RatesPage} />
    <Route path="/expenses" component={ExpensesPage} />
    <Route path="/expenses/work-orders/:id" component={WorkOrderCostPage} />
    <Route path="/inventory" component={() => <Navigate href="/inventory/stock" />} />
    <Route path="/inventory/stock" component={InventoryStockPage} />
    <Route path="/inventory/items" component={InventoryItemsPage} />
    <Route path="/inventory/movements" component={InventoryMovementsPage} />
    <Route path="/inventory/requests" component={InventoryRequestsPage} />
    <Route path="/inventory/my-van" component={InventoryVanPage} />
    <Route path="/inventory/vans/:id" component={InventoryVanPage} />
    <Route path="/inventory/work-orders/:id" component={WorkOrderMaterialsPage} />
  </>
);

import { Route } from "@solidjs/router";
import { page } from "./page";

const CampaignsPage = page(["campaigns"], () => import("../pages/campaigns/CampaignsPage"), "CampaignsPage");
const CampaignEditPage = page(["campaigns"], () => import("../pages/campaigns/CampaignEditPage"), "CampaignEditPage");
const CampaignPage = page(["campaigns", "dashboard"], () => import("../pages/campaigns/CampaignPage"), "CampaignPage");
const SurveysPage = page(["campaigns"], () => import("../pages/surveys/SurveysPage"), "SurveysPage");
const SurveyEditPage = page(["campaigns"], () => import("../pages/surveys/SurveyEditPage"), "SurveyEditPage");
const SurveyPage = page(["campaigns", "dashboard"], () => import("../pages/surveys/SurveyPage"), "SurveyPage");
const ProjectsPage = page(["projects"], () => import("../pages/projects/ProjectsPage"), "ProjectsPage");
const ProjectPage = page(["projects", "dashboard"], () => import("../pages/projects/ProjectPage"), "ProjectPage");
const NewProjectPage = page(["projects"], () => import("../pages/projects/NewProjectPage"), "NewProjectPage");
const ProjectTemplatesPage = page(["projects"], () => import("../pages/projects/TemplatesPage"), "TemplatesPage");
const QuotesPage = page(["quotes"], () => import("../pages/quotes/QuotesPage"), "QuotesPage");
const QuoteBuilderPage = page(["quotes"], () => import("../pages/quotes/QuoteBuilderPage"), "QuoteBuilderPage");
const SalesOrdersPage = page(["quotes"], () => import("../pages/sales-orders/OrdersPage"), "OrdersPage");
const SalesOrderPage = page(["quotes"], () => import("../pages/sales-orders/OrderPage"), "OrderPage");
const SalesBoardPage = page(["sales"], () => import("../pages/sales/BoardPage"), "BoardPage");
const SalesLeadsPage = page(["sales"], () => import("../pages/sales/LeadsPage"), "LeadsPage");
const SalesLeadPage = page(["sales"], () => import("../pages/sales/LeadPage"), "LeadPage");
const SalesReportsPage = page(["sales", "dashboard"], () => import("../pages/sales/ReportsPage"), "ReportsPage");
const SalesPipelinesPage = page(["sales"], () => import("../pages/sales/PipelinesPage"), "PipelinesPage");
const CommissionsPage = page(
  ["commissions", "dashboard"],
  () => import("../pages/commissions/CommissionsPage"),
  "CommissionsPage",
);
const PayoutsPage = page(["commissions"], () => import("../pages/commissions/PayoutsPage"), "PayoutsPage");
const CommissionRatesPage = page(["commissions"], () => import("../pages/commissions/RatesPage"), "RatesPage");
const InstallationProjectsPage = page(
  ["contracts"],
  () => import("../pages/installation-projects/InstallationProjectsPage"),
  "InstallationProjectsPage",
);
const ContractorInvoicesPage = page(
  ["contracts"],
  () => import("../pages/installation-projects/InvoicesPage"),
  "InvoicesPage",
);
const InstallationProjectPage = page(
  ["contracts"],
  () => import("../pages/installation-projects/InstallationProjectPage"),
  "InstallationProjectPage",
);

/**
 * The sales, marketing, partner and build pages of the staff portal: leads, quotes, orders,
 * projects, contractors' installation projects and invoices, commissions, campaigns and surveys.
 * Each page loads on first visit with the dictionary areas it names (`page()`).
 */
export const salesRoutes = () => (
  <>
    <Route path="/campaigns" component={CampaignsPage} />
    <Route path="/campaigns/new" component={CampaignEditPage} />
    <Route path="/campaigns/:id/edit" component={CampaignEditPage} />
    <Route path="/campaigns/:id" component={CampaignPage} />
    <Route path="/surveys" component={SurveysPage} />
    <Route path="/surveys/new" component={SurveyEditPage} />
    <Route path="/surveys/:id" component={SurveyPage} />
    <Route path="/commissions" component={CommissionsPage} />
    <Route path="/sales" component={SalesBoardPage} />
    <Route path="/sales/leads" component={SalesLeadsPage} />
    <Route path="/sales/leads/:id" component={SalesLeadPage} />
    <Route path="/sales/reports" component={SalesReportsPage} />
    <Route path="/sales/pipelines" component={SalesPipelinesPage} />
    <Route path="/commissions/payouts" component={PayoutsPage} />
    <Route path="/commissions/rates" component={CommissionRatesPage} />
    <Route path="/installation-projects" component={InstallationProjectsPage} />
    <Route path="/installation-projects/:id" component={InstallationProjectPage} />
    <Route path="/contractor-invoices" component={ContractorInvoicesPage} />
    <Route path="/quotes" component={QuotesPage} />
    <Route path="/projects" component={ProjectsPage} />
    <Route path="/projects/new" component={NewProjectPage} />
    <Route path="/projects/templates" component={ProjectTemplatesPage} />
    <Route path="/projects/:id" component={ProjectPage} />
    <Route path="/quotes/:id" component={QuoteBuilderPage} />
    <Route path="/sales-orders" component={SalesOrdersPage} />
    <Route path="/sales-orders/:id" component={SalesOrderPage} />
  </>
);

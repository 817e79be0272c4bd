import type { SSTConfig } from "sst";
import { Crm } from "./infra/stack";

export default {
  config() {
    return { name: "dotmac-crm", region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "eu-west-1" };
  },
  stacks(app) {
    app.stack(Crm);
  },
} satisfies SSTConfig;

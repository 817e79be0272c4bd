import { handle } from "hono/aws-lambda";
import { createApiApp } from "../api/app";

export const handler = handle(createApiApp({ publicOrigin: process.env.PUBLIC_URL }));

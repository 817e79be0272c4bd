import { handle } from "hono/aws-lambda";
import { createWebhookApp } from "../api/app";

export const handler = handle(createWebhookApp());

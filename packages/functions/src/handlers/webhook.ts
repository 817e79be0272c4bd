import { handle } from "hono/aws-lambda";
import { createWebhookApp } from "../api/webhook-app";

export const handler = handle(createWebhookApp());

import { handle } from "hono/aws-lambda";
import { createLazyApi } from "../api/lazy";

export const handler = handle(createLazyApi({ publicOrigin: process.env.PUBLIC_URL }));

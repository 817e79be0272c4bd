import { Hono } from "hono";
import { type AppEnv, withBase } from "./base";
import { type ApiOptions, withApiChain } from "./chain";
import { groupOf, type RouteGroupName, routeGroups } from "./groups";

/**
 * The `api` Lambda's app. Every request gets the base and the `/api` chain; the routes are those of one
 * group, imported on the first request under its prefix (groups.ts). Each group has its own app with
 * the same base and chain in front of its routes, so a request is handled exactly as by the eager app
 * (app.ts); a path no group claims gets the chain alone (401 without a session, else a 404 problem).
 */
export function createLazyApi(options: ApiOptions = {}) {
  const chain = () => withApiChain(withBase(new Hono<AppEnv>()), options);
  const apps = new Map<RouteGroupName | undefined, Promise<Hono<AppEnv>>>();
  const appFor = (name: RouteGroupName | undefined) => {
    let app = apps.get(name);
    if (!app) {
      app = name
        ? routeGroups[name].load().then((group) => chain().route("/", group.routes))
        : Promise.resolve(chain());
      // A failed import is tried again by the next request rather than remembered.
      app.catch(() => apps.delete(name));
      apps.set(name, app);
    }
    return app;
  };
  // An import that fails is answered like any other unexpected error: logged, a 500 problem.
  const failed = (error: unknown) =>
    withBase(new Hono<AppEnv>()).all("*", () => {
      throw error;
    });
  // The front reads nothing but the path (the one Hono routes on), so the group's app gets the request
  // untouched: its body unread, the platform's connection info in `env`.
  const front = new Hono();
  front.all("*", async (c) => {
    const app = await appFor(groupOf(c.req.path)).catch(failed);
    return app.fetch(c.req.raw, c.env);
  });
  return front;
}

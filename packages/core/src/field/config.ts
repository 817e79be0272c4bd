import { useConfig } from "../platform/config";

export interface AppConfig {
  minAppVersion: string;
  latestAppVersion: string;
  /** What this server answers for the app; features of later issues say false. */
  featureFlags: Record<string, boolean>;
}

/** The field app's start-up check (public: the app asks before sign-in whether it must update). */
export function appConfig(): AppConfig {
  const config = useConfig();
  return {
    minAppVersion: config.FIELD_MIN_APP_VERSION,
    latestAppVersion: config.FIELD_LATEST_APP_VERSION,
    featureFlags: {
      push: Boolean(config.FCM_PROJECT_ID),
      expenses: true,
      material_requests: true,
      location_sharing: true,
      map_assets: false,
      fiber: false,
      sales_orders: false,
      voice: false,
      vendor_projects: false,
    },
  };
}

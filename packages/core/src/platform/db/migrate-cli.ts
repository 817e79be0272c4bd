import { openDatabase } from "./index";
import { migrate, migrationState } from "./migrate";

// `npm run db:migrate`: applies migrations to the configured database (DATABASE_URL on AWS stages).
const connection = await openDatabase();
await migrate(connection);
const state = await migrationState(connection);
console.log(`database (${connection.driver}) is at ${state.latest} (${state.applied}/${state.available})`);
await connection.close();

import { spawn } from "node:child_process";
import { prepareDatabase } from "../db/bootstrap";
import { openDb } from "../db/client";
import { seedDemo } from "../db/seed-demo";

/**
 * Starts the app on SQLite with demo data: migrates, seeds (once), prints the logins, then serves.
 * Uses ./data/demo.db unless DATABASE_URL says otherwise.
 */
const url = process.env.DATABASE_URL || "./data/demo.db";
const password = process.env.DEMO_PASSWORD || "demo-pass-2026";
const port = process.env.PORT || "3000";

const { kysely, close } = openDb(url);
await prepareDatabase(kysely);
const { logins } = await seedDemo(kysely, { now: new Date(), password });
await close();

console.log("\nDemo logins (password for all: %s)\n", password);
for (const l of logins)
  console.log(
    `  ${l.username.padEnd(16)} ${l.role.padEnd(11)} ${l.displayName}${l.department ? `  ${l.department}` : ""}`,
  );
console.log(`\nOpen http://localhost:${port}/ and sign in.\n`);

const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url, PORT: port },
});
for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => child.kill(s));
child.on("exit", (code) => process.exit(code ?? 0));

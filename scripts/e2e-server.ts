import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "../db/bootstrap";
import { openDb } from "../db/client";
import { seedDemo } from "../db/seed-demo";

/** A fresh database with the demo organisation for the browser tests, then the real server on it. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-"));
const url = path.join(dir, "e2e.db");
// The demo's attachments and the tests' uploads go with the database, not into ./data.
process.env.UPLOAD_DIR ||= path.join(dir, "uploads");
const { kysely, close } = openDb(url);
await prepareDatabase(kysely);
await seedDemo(kysely, { now: new Date(), password: "demo-pass-2026" });
await close();

const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: url },
});
for (const s of ["SIGINT", "SIGTERM"] as const)
  process.on(s, () => {
    child.kill(s);
    fs.rmSync(dir, { recursive: true, force: true });
  });
child.on("exit", (code) => process.exit(code ?? 0));

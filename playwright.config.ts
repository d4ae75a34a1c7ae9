import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3456);

/** Browser tests run in Debian's Chromium against the built app on a fresh SQLite database with demo data. */
export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results/e2e",
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${PORT}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { PORT: String(PORT), APP_TEST_HOOKS: "1", NODE_ENV: "test", SWEEPER: "0" },
  },
});

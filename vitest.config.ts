import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    testTimeout: 30000,
    // Stopping a server and dropping its PostgreSQL database can outlast the 10 s default on a busy machine.
    hookTimeout: 60000,
    pool: "forks",
    // Two files at a time even on a 2-core machine: much of a file's time is spent waiting on
    // servers, PostgreSQL and SMTP rather than computing.
    maxWorkers: 2,
  },
});

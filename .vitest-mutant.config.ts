import { defineConfig } from "vitest/config";
export default defineConfig({
  resolve: {
    alias: [{ find: /^\.\.\/\.\.\/workflows\/proposal\/machine$/, replacement: "/work/main/workflows/proposal/machine-mutant.ts" }],
  },
  test: { environment: "node", include: ["test/unit/proposal-machine.test.ts"], pool: "forks" },
});

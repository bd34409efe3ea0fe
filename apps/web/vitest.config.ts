import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Server modules import "server-only", which throws outside React's server environment.
      "server-only": path.join(path.dirname(require.resolve("server-only")), "empty.js"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    testTimeout: 30_000,
    environment: "node",
  },
});

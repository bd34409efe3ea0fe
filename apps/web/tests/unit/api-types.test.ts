import { execFileSync } from "node:child_process";
import path from "node:path";

import { expect, it } from "vitest";

it("lib/api-types.ts is generated from the API's current OpenAPI schema", () => {
  const script = path.resolve(import.meta.dirname, "../../scripts/generate-api-types.mjs");
  // Exits non-zero (and execFileSync throws) when the committed types have drifted from the API.
  expect(execFileSync("node", [script, "--check"], { encoding: "utf8" })).toMatch(/matches/);
});

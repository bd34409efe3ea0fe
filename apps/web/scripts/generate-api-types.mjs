/**
 * lib/api-types.ts from the API's OpenAPI schema (`uv run todo-api openapi`), so that no API payload
 * type is written by hand. With --check, only says whether the committed file is current.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const webRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(webRoot, "lib", "api-types.ts");

// `make` passes the uv it installed (it may be `python3 -m uv`).
const [uv, ...uvArgs] = (process.env.UV_COMMAND || "uv").split(" ");
const schema = JSON.parse(
  execFileSync(uv, [...uvArgs, "run", "--locked", "--quiet", "todo-api", "openapi"], {
    cwd: join(webRoot, "..", ".."),
    encoding: "utf8",
  }),
);
const header =
  "// Generated from the API's OpenAPI schema by `npm run gen:api-types -w @todo/web`. Do not edit.\n\n";
const generated = header + astToString(await openapiTS(schema));

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {}
  if (committed !== generated) {
    console.error("lib/api-types.ts is out of date with the API: run `npm run gen:api-types -w @todo/web`");
    process.exit(1);
  }
  console.log("lib/api-types.ts matches the API's OpenAPI schema");
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}

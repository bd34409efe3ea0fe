/**
 * lib/api-types.ts from the API's OpenAPI schema (`uv run todo-api openapi`), so that no API payload
 * type, enumeration or field limit is written by hand. With --check, only says whether the committed
 * file is current.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const webRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(webRoot, "lib", "api-types.ts");
const LIMIT_KEYWORDS = ["minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"];

// `make` passes the uv it installed (it may be `python3 -m uv`).
const [uv, ...uvArgs] = (process.env.UV_COMMAND || "uv").split(" ");
const schema = JSON.parse(
  execFileSync(uv, [...uvArgs, "run", "--locked", "--quiet", "todo-api", "openapi"], {
    cwd: join(webRoot, "..", ".."),
    encoding: "utf8",
  }),
);

/** A field's limits; of an optional field (`anyOf: [{...}, {type: null}]`) those of its non-null form. */
function limitsOf(fieldSchema) {
  const definite = fieldSchema.anyOf?.find((option) => option.type !== "null") ?? fieldSchema;
  const limits = {};
  for (const keyword of LIMIT_KEYWORDS) {
    if (definite[keyword] !== undefined) limits[keyword] = definite[keyword];
  }
  const itemLimits = definite.items ? limitsOf(definite.items) : {};
  if (Object.keys(itemLimits).length > 0) limits.items = itemLimits;
  return limits;
}

/** For each object schema, the limits of the fields that have any, as a runtime constant for forms. */
function schemaLimits() {
  const bySchema = {};
  for (const [name, objectSchema] of Object.entries(schema.components.schemas)) {
    const fields = {};
    for (const [field, fieldSchema] of Object.entries(objectSchema.properties ?? {})) {
      const limits = limitsOf(fieldSchema);
      if (Object.keys(limits).length > 0) fields[field] = limits;
    }
    if (Object.keys(fields).length > 0) bySchema[name] = fields;
  }
  return (
    "\n/** Length, count and range limits of the schemas' fields (JSON Schema keywords), for forms. */\n" +
    `export const schemaLimits = ${JSON.stringify(bySchema, null, 4)} as const;\n`
  );
}

/** The rhythms a todo may repeat in (`x-repeat-*` of repeat_rule), for the clients that offer rules. */
function repeatRuleVocabulary() {
  const rule = schema.components.schemas.TodoCreate.properties.repeat_rule.anyOf.find(
    (option) => option.type === "string",
  );
  return (
    "\n/** The FREQ values and rule parts the API takes in a todo's repeat_rule. */\n" +
    `export const repeatRuleVocabulary = ${JSON.stringify(
      { frequencies: rule["x-repeat-frequencies"], parts: rule["x-repeat-parts"] },
      null,
      4,
    )} as const;\n`
  );
}

const header =
  "// Generated from the API's OpenAPI schema by `npm run gen:api-types -w @todo/web`. Do not edit.\n\n";
const generated =
  header +
  astToString(await openapiTS(schema, { enumValues: true })) +
  schemaLimits() +
  repeatRuleVocabulary();

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

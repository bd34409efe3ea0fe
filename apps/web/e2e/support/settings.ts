import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./run";

/**
 * The services' settings, as the README's configuration table documents them (the one list of them;
 * packages/dev-infra's settings.py reads it the same way): the names in its first column.
 */
export function documentedSettings(): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Configuration")[1]?.split("\n## ")[0] ?? "";
  const names = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((row) =>
      [...(row.split(" | ")[0] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!),
    );
  if (names.length === 0) throw new Error("the README's configuration table is gone");
  return [...new Set(names)];
}

import { existsSync } from "node:fs";

import { readRunState, STATE_FILE_VARIABLE } from "./support/run-state";
import { stopRun } from "./support/stop-run";

/**
 * Stops whatever global-setup.ts (or a test restarting the API) recorded, whether the run passed,
 * failed, or the setup itself failed half-way: Playwright runs this teardown in every case.
 */
export default async function globalTeardown(): Promise<void> {
  const file = process.env[STATE_FILE_VARIABLE];
  if (!file || !existsSync(file)) return;
  const failures = await stopRun(readRunState());
  if (failures.length > 0) throw new Error(`e2e teardown was incomplete:\n${failures.join("\n")}`);
}

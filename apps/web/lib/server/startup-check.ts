import "server-only";

import { config } from "@/lib/server/env";
import { readiness } from "@/lib/server/readiness";

const ATTEMPTS = 10;
const PAUSE_MS = 3_000;

/**
 * Fails fast on bad configuration, then checks readiness until the API answers (it may start later),
 * so that the log says at start-up whether the API accepts this app's tokens (readiness logs it).
 */
export function logReadinessWhenStarted(): void {
  config();
  void (async () => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      if ((await readiness()).checks.api.ok) return;
    }
  })();
}

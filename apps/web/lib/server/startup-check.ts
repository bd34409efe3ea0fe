import "server-only";

import { config } from "@/lib/server/env";
import { checkReadiness } from "@/lib/server/readiness";

const ATTEMPTS = 10;
const PAUSE_MS = 3_000;

/** Fails fast on bad configuration, then checks the API in the background (it may start later). */
export function logReadinessWhenStarted(): void {
  config();
  void (async () => {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      const { checks } = await checkReadiness();
      if (checks.api.ok) {
        if (checks.token.ok) console.info("[todo-web] the API accepts this app's tokens");
        else console.error(`[todo-web] ${checks.token.detail}`);
        return;
      }
    }
    console.warn("[todo-web] the API was not reachable at start-up; see /api/health");
  })();
}

/** At start-up: traces when configured, and a word in the log on whether the API accepts this app's tokens (SC-004). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTracing } = await import("@/lib/server/tracing");
  startTracing();
  const { logReadinessWhenStarted } = await import("@/lib/server/startup-check");
  logReadinessWhenStarted();
}

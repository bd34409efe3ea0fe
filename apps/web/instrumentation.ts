/** At start-up, say in the log whether the API accepts this app's tokens (SC-004). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logReadinessWhenStarted } = await import("@/lib/server/startup-check");
  logReadinessWhenStarted();
}

export const dynamic = "force-dynamic";

/**
 * Readiness, for whatever routes traffic to this server (Kubernetes' readinessProbe, Docker's
 * HEALTHCHECK, load balancers): the process is up and its route handlers answer. It checks no shared
 * dependency: a down database or API would turn every replica unready at once and take pages and
 * sign-in out with them, while the BFF already answers 503 problems for what needs them. The deep
 * check, for operators and alerts, is /api/health (lib/server/readiness.ts).
 */
export async function GET() {
  return Response.json({ ready: true }, { headers: { "cache-control": "no-store" } });
}

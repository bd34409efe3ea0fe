import { getAuth } from "@/lib/server/auth";
import { csrfViolation, problem, requestIdOf } from "@/lib/server/bff";
import { config } from "@/lib/server/env";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * Sign out one device of the signed-in user, by session id: the browser never sees session tokens,
 * so Better Auth's own revoke-session (which takes a token) is called here, on the server.
 */
export async function DELETE(request: Request, { params }: Context) {
  const requestId = requestIdOf(request);
  const violation = csrfViolation(request, config().appOrigin);
  if (violation) return problem(403, "csrf_rejected", "Request refused", `Refused: ${violation}.`, requestId);
  const auth = getAuth();
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return problem(401, "unauthenticated", "Not signed in", "Sign in to continue.", requestId);

  const { id } = await params;
  const sessions = await auth.api.listSessions({ headers: request.headers });
  const target = sessions.find((candidate) => candidate.id === id);
  if (!target) return problem(404, "not_found", "Not found", "No signed-in device with this id.", requestId);
  await auth.api.revokeSession({ body: { token: target.token }, headers: request.headers });
  return new Response(null, {
    status: 204,
    headers: { "cache-control": "no-store", "x-request-id": requestId },
  });
}

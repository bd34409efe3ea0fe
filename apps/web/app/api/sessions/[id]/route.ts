import { APIError } from "better-auth/api";

import { getAuth } from "@/lib/server/auth";
import { bffRoute } from "@/lib/server/bff-route";
import { problem } from "@/lib/server/problem";

export const dynamic = "force-dynamic";

/**
 * Sign out one device of the signed-in user, by session id: the browser never sees session tokens,
 * so Better Auth's own revoke-session (which takes a token) is called here, on the server.
 */
export const DELETE = bffRoute<{ id: string }>(async ({ request, requestId, params }) => {
  const auth = getAuth();
  try {
    const sessions = await auth.api.listSessions({ headers: request.headers });
    const target = sessions.find((candidate) => candidate.id === params.id);
    if (!target)
      return problem(404, "not_found", "Not found", "No signed-in device with this id.", requestId);
    await auth.api.revokeSession({ body: { token: target.token }, headers: request.headers });
  } catch (error) {
    // Better Auth's own refusals keep their status and words, rather than becoming a 500.
    if (!(error instanceof APIError) || error.statusCode >= 500) throw error;
    return problem(error.statusCode, "not_signed_out", "Not signed out", error.message, requestId);
  }
  return new Response(null, {
    status: 204,
    headers: { "cache-control": "no-store", "x-request-id": requestId },
  });
});

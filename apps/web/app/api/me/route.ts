import { getAuth } from "@/lib/server/auth";
import { bffRoute } from "@/lib/server/bff-route";
import { forwardedRoute, forwardToApi } from "@/lib/server/forward-to-api";

export const dynamic = "force-dynamic";

export const GET = forwardedRoute(() => "/v1/me");

/** Erase the user's todos in the API, then the Better Auth user (and with it every session). */
export const DELETE = bffRoute(async (call) => {
  const answer = await forwardToApi(call, "/v1/me");
  if (answer.ok) await getAuth().api.deleteUser({ body: {}, headers: call.request.headers });
  return answer;
});

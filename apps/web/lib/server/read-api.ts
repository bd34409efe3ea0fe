import "server-only";

import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";

import { toApiError } from "@/lib/api-client";
import { type AuthSession, cookiePrefixFor } from "@/lib/server/auth";
import { requestIdOf } from "@/lib/server/bff-route";
import { config } from "@/lib/server/env";
import { forwardToApi } from "@/lib/server/forward-to-api";

/**
 * A read of the API for a server component, for the session its page has checked: the BFF's own
 * forwarding (token cache and minting, the retry on a 401, the same failure answers), so that a page
 * gets what the browser would have got from `GET /api/...`; the token never leaves the server.
 */
export async function readApi<T>(session: AuthSession, apiPath: string, search = ""): Promise<T> {
  const requestHeaders = await headers();
  // The page's own request, as the BFF would see it: its cookies end a session the API refuses.
  const request = new Request(`${config().appOrigin}${apiPath}${search}`, { headers: requestHeaders });
  const sessionCookie = getSessionCookie(requestHeaders, {
    cookiePrefix: cookiePrefixFor(config().appOrigin),
  });
  const answer = await forwardToApi(
    {
      request,
      requestId: requestIdOf(request),
      params: {},
      session,
      sessionCookie,
      body: undefined,
      earlyAnswer: null,
    },
    apiPath,
  );
  const body: unknown = await answer.json().catch(() => null);
  // The browser's client maps a failure the same way, so a query fails alike on either side.
  if (!answer.ok) throw toApiError(answer.status, body, answer.headers.get("retry-after"));
  return body as T;
}

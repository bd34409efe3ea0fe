import { toNextJsHandler } from "better-auth/next-js";

import { getAuth } from "@/lib/server/auth";
import { requestIdOf } from "@/lib/server/bff-route";
import { bodyTooLarge, readBoundedBody } from "@/lib/server/read-bounded-body";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}

/** Better Auth reads a body whole, before any check: sign-in and sign-up get it bounded first. */
export async function POST(request: Request) {
  const body = await readBoundedBody(request);
  if (body === null) return bodyTooLarge(requestIdOf(request));
  return toNextJsHandler(getAuth()).POST(new Request(request, { body }));
}

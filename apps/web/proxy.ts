import { type NextRequest, NextResponse } from "next/server";

import { cacheControlFor, contentSecurityPolicy, newNonce, pageHeaders } from "@/lib/browser-defence";

const options = {
  dev: process.env.NODE_ENV === "development",
  https: (process.env.BETTER_AUTH_URL ?? "").trim().startsWith("https:"),
};
const fixedHeaders = Object.entries(pageHeaders(options));

/**
 * Gives each page request a fresh nonce: Next reads it from the request's Content-Security-Policy
 * header and puts it on its own scripts; the browser gets the same policy on the answer.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, options);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("Cache-Control", cacheControlFor(request.nextUrl.pathname));
  for (const [name, value] of fixedHeaders) response.headers.set(name, value);
  return response;
}

export const config = {
  // The BFF (/api) answers JSON with headers of its own; static files carry no markup.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};

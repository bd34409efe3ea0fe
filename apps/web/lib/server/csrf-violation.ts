const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every call must carry `X-CSRF: 1` (a header a cross-site form or image cannot send), and a
 * state-changing call must also come from the app's own origin. Returns a reason to refuse, or null.
 */
export function csrfViolation(request: Request, appOrigin: string): string | null {
  if (request.headers.get("x-csrf") !== "1") return "the X-CSRF: 1 header is missing";
  if (!STATE_CHANGING.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === appOrigin ? null : "the request comes from another origin";
  return request.headers.get("sec-fetch-site") === "same-origin" ? null : "the request's origin is unknown";
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Why a call was refused: `reason` is the metric's label, `description` ends the answer's sentence. */
export interface CsrfViolation {
  reason: "header_missing" | "cross_origin" | "origin_unknown";
  description: string;
}

/**
 * Every call must carry `X-CSRF: 1` (a header a cross-site form or image cannot send), and a
 * state-changing call must also come from the app's own origin. Returns why to refuse, or null.
 */
export function csrfViolation(request: Request, appOrigin: string): CsrfViolation | null {
  if (request.headers.get("x-csrf") !== "1")
    return { reason: "header_missing", description: "the X-CSRF: 1 header is missing" };
  if (!STATE_CHANGING.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null)
    return origin === appOrigin
      ? null
      : { reason: "cross_origin", description: "the request comes from another origin" };
  return request.headers.get("sec-fetch-site") === "same-origin"
    ? null
    : { reason: "origin_unknown", description: "the request's origin is unknown" };
}

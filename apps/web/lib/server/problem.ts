/** The RFC 9457 problem document the BFF answers every failure with (the API's shape plus a `code`). */

export type ProblemCode =
  | "csrf_rejected"
  | "unauthenticated"
  | "session_expired"
  | "not_found"
  | "body_too_large"
  | "account_details_invalid"
  | "password_incorrect"
  | "account_not_deleted"
  | "not_signed_out"
  | "api_unavailable"
  | "api_timeout"
  | "auth_unavailable"
  | "internal_error";

export function problem(
  status: number,
  code: ProblemCode,
  title: string,
  detail: string,
  requestId?: string,
): Response {
  const body = {
    type: "about:blank",
    title,
    status,
    detail,
    code,
    ...(requestId ? { request_id: requestId } : {}),
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  };
  if (requestId) headers["x-request-id"] = requestId;
  return new Response(JSON.stringify(body), { status, headers });
}

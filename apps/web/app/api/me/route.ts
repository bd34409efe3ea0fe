import { APIError } from "better-auth/api";

import { getAuth } from "@/lib/server/auth";
import { bffRoute } from "@/lib/server/bff-route";
import { forwardedRoute, forwardToApi } from "@/lib/server/forward-to-api";
import { problem } from "@/lib/server/problem";
import { log } from "@/runtime/log.mjs";

export const dynamic = "force-dynamic";

export const GET = forwardedRoute(() => "/v1/me");

function passwordIn(body: Uint8Array | undefined): string | null {
  try {
    const { password } = JSON.parse(new TextDecoder().decode(body)) as { password?: unknown };
    return typeof password === "string" && password ? password : null;
  } catch {
    return null;
  }
}

/**
 * Deletes the account, all or nothing as far as the user can tell: the password is checked before
 * anything changes (it also lifts Better Auth's rule that a deletion needs a session under a day old),
 * then the API erases the person's data in one transaction (the lists nobody else is in, with their
 * todos; lists others are in are handed over or deleted as asked), then Better Auth deletes the user and
 * every session. Only a database failure between the last two steps leaves that data erased and the
 * account in place;
 * the answer says so, and asking again finishes the deletion.
 */
export const DELETE = bffRoute(async (call) => {
  const { requestId } = call;
  const password = passwordIn(call.body);
  const wrongPassword = () =>
    problem(
      400,
      "password_incorrect",
      "Wrong password",
      "That password is not right. Nothing was deleted.",
      requestId,
    );
  if (password === null) return wrongPassword();
  const auth = getAuth().api;
  try {
    await auth.verifyPassword({ body: { password }, headers: call.request.headers });
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 400) return wrongPassword();
    throw error;
  }
  const erased = await forwardToApi({ ...call, body: undefined }, "/v1/me");
  if (!erased.ok) return erased;
  try {
    await auth.deleteUser({ body: { password }, headers: call.request.headers });
  } catch (error) {
    log.error({ request_id: requestId, error: (error as Error).message }, "data erased, account not deleted");
    return problem(
      503,
      "account_not_deleted",
      "Account not deleted",
      "Your lists were erased, but your account could not be deleted. Try again in a moment.",
      requestId,
    );
  }
  return erased;
});

import { listInvitationMail } from "@/lib/server/account-mails";
import { bffRoute } from "@/lib/server/bff-route";
import { config } from "@/lib/server/env";
import { forwardToApi } from "@/lib/server/forward-to-api";
import { sendNow } from "@/lib/server/mail";
import { problem } from "@/lib/server/problem";
import { metrics } from "@/runtime/metrics.mjs";

import { listApiPath } from "../../list-api-path";

export const dynamic = "force-dynamic";

interface Invitation {
  id: string;
  list_id: string;
  email: string;
  role: string;
  expires_at: string;
  token: string;
}

/** Where the invitee accepts; the token rides in the link and nowhere else. */
function acceptUrl(token: string): string {
  return `${config().appOrigin}/invitations/accept?token=${encodeURIComponent(token)}`;
}

/**
 * Invites by email (owners): the API makes the invitation and answers its one-time token once, which
 * is mailed to the invitee and removed from the answer, so that the inviter's browser never holds it.
 * The inviter waits for the mail and is told whether it went (`mailed`): no account's existence rides
 * on this answer's timing, as the address is mailed either way.
 */
export const POST = bffRoute<{ id: string }>(async (call) => {
  const path = listApiPath(call.params.id, "/invitations");
  if (path === null) {
    metrics.allowlistRefusals.inc();
    return problem(404, "not_found", "Not found", "Nothing exists at this address.", call.requestId);
  }
  const answer = await forwardToApi(call, path);
  if (answer.status !== 201) return answer;
  const { token, ...invitation } = (await answer.json()) as Invitation;
  const inviter = call.session.user.name || call.session.user.email;
  const mailed = await sendNow(
    listInvitationMail(
      invitation.email,
      inviter,
      invitation.role,
      acceptUrl(token),
      new Date(invitation.expires_at),
    ),
  );
  const headers = new Headers(answer.headers);
  headers.delete("content-length");
  return Response.json({ ...invitation, mailed }, { status: 201, headers });
});

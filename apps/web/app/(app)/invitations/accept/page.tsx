import type { Metadata } from "next";

import { requireSession } from "../../current-session";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Join a shared list" };

/**
 * Where an invitation's mailed link leads: a signed-out visitor signs in first and comes back here
 * with the token. Joining is a button, not the visit itself, so that a mail scanner following the link
 * uses up nothing.
 */
export default async function AcceptInvitationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const invitationToken = typeof token === "string" ? token : "";
  const session = await requireSession(`/invitations/accept?token=${encodeURIComponent(invitationToken)}`);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Join a shared list</h1>
      <AcceptInvitation token={invitationToken} email={session.user.email} />
    </div>
  );
}

import "server-only";

import { log } from "@/runtime/log.mjs";

/** What of Better Auth's context this needs (its own type is tied to the app's whole configuration). */
interface AccountStore {
  adapter: {
    deleteMany(query: {
      model: string;
      where: { field: string; value: string; operator?: "starts_with" }[];
    }): Promise<unknown>;
  };
  internalAdapter: { updateUser(userId: string, data: Record<string, unknown>): Promise<unknown> };
}

/**
 * What a password reset by mail removes. The reset proves the mailbox; if the address had never been
 * confirmed, whoever created the account may not be its owner (someone can sign up first with another
 * person's address, add a passkey and turn on two-factor, and wait), so every way in that they may
 * have added goes with the old password: passkeys and two-factor. The address counts as confirmed from
 * then on. Any reset also takes back the trust of every device that skipped the second factor for 30
 * days, which someone else may have set up. (Every session already ends with a reset:
 * `revokeSessionsOnPasswordReset`.)
 */
export async function afterRecovery(context: AccountStore, user: { id: string; emailVerified: boolean }) {
  if (!user.emailVerified) {
    await context.adapter.deleteMany({ model: "passkey", where: [{ field: "userId", value: user.id }] });
    await context.adapter.deleteMany({ model: "twoFactor", where: [{ field: "userId", value: user.id }] });
    await context.internalAdapter.updateUser(user.id, { twoFactorEnabled: false });
    log.info(
      { kind: "recovery" },
      "an unconfirmed account was reset: its passkeys and two-factor were removed",
    );
  }
  // The two-factor plugin keeps each trusted device as a `verification` row named `trust-device-…`.
  await context.adapter.deleteMany({
    model: "verification",
    where: [
      { field: "identifier", value: "trust-device-", operator: "starts_with" },
      { field: "value", value: user.id },
    ],
  });
  await context.internalAdapter.updateUser(user.id, { emailVerified: true });
}

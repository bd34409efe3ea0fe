import "server-only";

import { getAuth } from "@/lib/server/auth";
import type { CheckedBffCall } from "@/lib/server/bff-route";

/**
 * The account as "Export all my data" writes it: who the user is and how they can sign in. Only
 * descriptions: never a password hash, a session token, a passkey's key or a two-factor secret.
 */
export async function accountForExport(call: CheckedBffCall<unknown>) {
  const { user } = call.session;
  const headers = call.request.headers;
  const [accounts, passkeys] = await Promise.all([
    getAuth().api.listUserAccounts({ headers }),
    getAuth().api.listPasskeys({ headers }),
  ]);
  return {
    name: user.name,
    email: user.email,
    email_verified: user.emailVerified,
    created_at: user.createdAt.toISOString(),
    sign_in_methods: {
      password: accounts.some((account) => account.providerId === "credential"),
      two_factor: user.twoFactorEnabled === true,
      passkeys: passkeys.map((passkey) => ({
        name: passkey.name ?? null,
        created_at: passkey.createdAt ? new Date(passkey.createdAt).toISOString() : null,
      })),
    },
  };
}

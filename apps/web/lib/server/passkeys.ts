import { passkey } from "@better-auth/passkey";
import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

import { PASSKEY_NAME_MAX_LENGTH, PASSKEY_NAME_TOO_LONG } from "@/lib/passkey-names";

/** The error code of a ceremony in which the device did not check who held it (no PIN, no biometrics). */
export const PASSKEY_USER_NOT_VERIFIED = "PASSKEY_USER_NOT_VERIFIED";

/**
 * A passkey replaces the password, so it must be two factors in one: the device, and the PIN or
 * biometrics that unlock it. The plugin asks for that but accepts a device that skipped it.
 */
function requireUserVerified(userVerified: boolean): void {
  if (!userVerified)
    throw new APIError("FORBIDDEN", {
      code: PASSKEY_USER_NOT_VERIFIED,
      message: "The device did not confirm it was you (PIN, fingerprint or face).",
    });
}

/**
 * A credential id names one passkey (WebAuthn §7.1, step 22): the plugin would store a second key under
 * an id already registered, to anyone's account, and a sign-in with that id would then find either.
 * The unique index the migration adds settles a race between two registrations.
 */
async function requireNewCredentialId(ctx: GenericEndpointContext, credentialId: string): Promise<void> {
  const registered = await ctx.context.adapter.findOne({
    model: "passkey",
    where: [{ field: "credentialID", value: credentialId }],
  });
  if (registered)
    throw new APIError("BAD_REQUEST", {
      code: "PASSKEY_ALREADY_REGISTERED",
      message: "This passkey is already registered.",
    });
}

/** Created by the migration: one passkey per credential id, whatever races the check above. */
export const UNIQUE_CREDENTIAL_ID_INDEX = `CREATE UNIQUE INDEX IF NOT EXISTS passkey_credential_id_unique ON passkey ("credentialID")`;

const NAMED_PATHS = new Set(["/passkey/verify-registration", "/passkey/update-passkey"]);

const passkeyNamesWithinLimit = createAuthMiddleware(async (ctx) => {
  const { name } = (ctx.body ?? {}) as { name?: unknown };
  if (typeof name === "string" && name.trim().length > PASSKEY_NAME_MAX_LENGTH)
    throw new APIError("BAD_REQUEST", { code: "PASSKEY_NAME_TOO_LONG", message: PASSKEY_NAME_TOO_LONG });
});

/**
 * What the passkey plugin leaves out: when each passkey was last used (a column of the same table,
 * set by the sign-in hook below), and a limit on the length of its name.
 */
const passkeyRecords = {
  id: "passkey-records",
  schema: { passkey: { fields: { lastUsedAt: { type: "date", required: false } } } },
  hooks: {
    before: [{ matcher: (ctx) => NAMED_PATHS.has(ctx.path ?? ""), handler: passkeyNamesWithinLimit }],
  },
} satisfies BetterAuthPlugin;

/**
 * Passkeys (WebAuthn) for the app at `appOrigin`: its host name is the relying party, and only its
 * origin may register or use them (http is allowed on localhost only, by the browsers). Registration
 * needs a recent sign-in (Better Auth's fresh session, a day); sign-in creates an ordinary session at
 * `/passkey/verify-authentication`.
 */
export function passkeyPlugins(appOrigin: string) {
  return [
    passkey({
      rpID: new URL(appOrigin).hostname,
      origin: appOrigin,
      // Discoverable, so that sign-in needs no email first (the button and the browser's autofill).
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      registration: {
        afterVerification: async ({ ctx, verification }) => {
          const registration = verification.registrationInfo;
          requireUserVerified(!!registration?.userVerified);
          if (registration) await requireNewCredentialId(ctx, registration.credential.id);
        },
      },
      authentication: {
        afterVerification: async ({ ctx, verification, clientData }) => {
          requireUserVerified(verification.authenticationInfo.userVerified);
          await ctx.context.adapter.update({
            model: "passkey",
            where: [{ field: "credentialID", value: clientData.id }],
            update: { lastUsedAt: new Date() },
          });
        },
      },
    }),
    passkeyRecords,
  ] as const;
}

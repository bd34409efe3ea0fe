import type { GenericEndpointContext } from "better-auth";

/**
 * Besides the sliding 7 days, a session ends 30 days after its sign-in however often it is used (ASVS
 * 3.3.2), so that a stolen session cookie kept alive by use does not last for ever.
 */
export const SESSION_ABSOLUTE_LIFETIME_DAYS = 30;

const ABSOLUTE_LIFETIME_MS = SESSION_ABSOLUTE_LIFETIME_DAYS * 24 * 60 * 60 * 1000;

/**
 * A session renewal held to the absolute limit, so that Better Auth's own expiry check ends the session
 * then. It renews a session inside the request that checked it, whose session (with its creation time)
 * is in the context. (Refusing the update instead would make that request fail as an error, not as
 * signed out.)
 */
export async function renewalWithinAbsoluteLifetime(
  update: { expiresAt?: Date },
  ctx: GenericEndpointContext | null,
): Promise<{ data: { expiresAt: Date } } | undefined> {
  const createdAt = ctx?.context.session?.session.createdAt;
  if (!update.expiresAt || !createdAt) return undefined;
  const limit = new Date(new Date(createdAt).getTime() + ABSOLUTE_LIFETIME_MS);
  return update.expiresAt > limit ? { data: { expiresAt: limit } } : undefined;
}

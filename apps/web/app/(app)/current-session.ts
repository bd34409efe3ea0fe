import { redirect } from "next/navigation";
import { cache } from "react";
import { getSession } from "@/lib/server/auth";
import { signInUrl } from "@/lib/sign-in-url";

/** The signed-in session, looked up once per request however many components ask. */
export const currentSession = cache(getSession);

/**
 * The session, or a redirect to sign-in that comes back to `path`. Each page calls this with its own
 * path: a layout cannot know which page it wraps, and does not re-render on client navigation.
 */
export async function requireSession(path: string) {
  const session = await currentSession();
  if (!session) redirect(signInUrl(path));
  return session;
}

import type { Metadata } from "next";
import { cookies, headers } from "next/headers";

import { ColorSchemeSwitch } from "@/components/color-scheme-switch";
import { Notice } from "@/components/notice";
import { COLOR_SCHEME_COOKIE, colorSchemeOf } from "@/lib/color-scheme";
import { BACKUP_CODES_PER_SET } from "@/lib/security-activity";
import { getAuth, getDatabasePool } from "@/lib/server/auth";
import { recentSecurityEvents, trustedDevices } from "@/lib/server/security-activity";

import { requireSession } from "../current-session";
import { ChangeEmail } from "./change-email";
import { ChangePassword } from "./change-password";
import { DataTransfer } from "./data-transfer";
import { DeleteAccount } from "./delete-account";
import { Passkeys } from "./passkeys";
import { ProfileForm } from "./profile-form";
import { SecurityActivity } from "./security-activity";
import { SessionList } from "./session-list";
import { SignInMethods, signInMethodsOf } from "./sign-in-methods";
import { TwoFactor } from "./two-factor";

export const metadata: Metadata = { title: "Account" };

// The activity list is bounded: a person looks for the latest events, not a scroll of 90 days.
const EVENTS_SHOWN = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, session } = await requireSession("/account");
  // Where the link that confirms a new address leads; Better Auth adds `error` when it did not work.
  const { "email-changed": emailChanged, error } = await searchParams;
  const requestHeaders = await headers();
  const twoFactorEnabled = user.twoFactorEnabled === true;
  const pool = getDatabasePool();
  const [accounts, passkeys, events, trusted, backupCodes] = await Promise.all([
    getAuth().api.listUserAccounts({ headers: requestHeaders }),
    getAuth().api.listPasskeys({ headers: requestHeaders }),
    recentSecurityEvents(pool, user.id, EVENTS_SHOWN + 1),
    twoFactorEnabled ? trustedDevices(pool, user.id) : [],
    // Counted on the server: the codes themselves never reach the page.
    twoFactorEnabled ? getAuth().api.viewBackupCodes({ body: { userId: user.id } }) : null,
  ]);
  const methods = signInMethodsOf({
    hasPassword: accounts.some((account) => account.providerId === "credential"),
    twoFactorEnabled,
    passkeys: passkeys.length,
  });
  return (
    <div className="max-w-3xl space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      {emailChanged && !error && <Notice tone="success">Your email is now {user.email}.</Notice>}
      {emailChanged && error && (
        <Notice tone="error">
          This link to change your email has expired or was already used. Ask for a new one below.
        </Notice>
      )}
      <section
        aria-labelledby="profile-heading"
        className="rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
      >
        <h2 id="profile-heading" className="mb-3 text-lg font-semibold">
          Profile
        </h2>
        {/* The name is in its field below, ready to change; shown here too, it would be there twice. */}
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted">Email</dt>
          <dd className="break-all" data-testid="account-email">
            {user.email}
          </dd>
        </dl>
        <ProfileForm name={user.name} />
        <div className="mt-6">
          <ChangeEmail email={user.email} twoFactorEnabled={twoFactorEnabled} />
        </div>
      </section>
      <section
        aria-labelledby="appearance-heading"
        className="rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
      >
        <h2 id="appearance-heading" className="mb-3 text-lg font-semibold">
          Appearance
        </h2>
        <ColorSchemeSwitch initial={colorSchemeOf((await cookies()).get(COLOR_SCHEME_COOKIE)?.value)} />
      </section>
      <ChangePassword />
      <SignInMethods methods={methods}>
        <TwoFactor enabled={twoFactorEnabled} />
      </SignInMethods>
      <Passkeys twoFactorEnabled={twoFactorEnabled} />
      <SessionList currentSessionId={session.id} />
      <SecurityActivity
        events={events.slice(0, EVENTS_SHOWN).map((event) => ({
          ...event,
          createdAt: event.createdAt.toISOString(),
        }))}
        more={events.length > EVENTS_SHOWN}
        backupCodes={backupCodes && { left: backupCodes.backupCodes.length, of: BACKUP_CODES_PER_SET }}
        trustedDevices={trusted.map((device) => ({
          ...device,
          lastSignIn: device.lastSignIn.toISOString(),
          expiresAt: device.expiresAt.toISOString(),
        }))}
      />
      <DataTransfer />
      <DeleteAccount userId={user.id} />
    </div>
  );
}

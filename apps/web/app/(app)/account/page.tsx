import type { Metadata } from "next";
import { headers } from "next/headers";

import { Notice } from "@/components/notice";
import { getAuth } from "@/lib/server/auth";

import { requireSession } from "../current-session";
import { ChangeEmail } from "./change-email";
import { ChangePassword } from "./change-password";
import { DataTransfer } from "./data-transfer";
import { DeleteAccount } from "./delete-account";
import { Passkeys } from "./passkeys";
import { ProfileForm } from "./profile-form";
import { SessionList } from "./session-list";
import { SignInMethods, signInMethodsOf } from "./sign-in-methods";
import { TwoFactor } from "./two-factor";

export const metadata: Metadata = { title: "Account" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, session } = await requireSession("/account");
  // Where the link that confirms a new address leads; Better Auth adds `error` when it did not work.
  const { "email-changed": emailChanged, error } = await searchParams;
  const requestHeaders = await headers();
  const [accounts, passkeys] = await Promise.all([
    getAuth().api.listUserAccounts({ headers: requestHeaders }),
    getAuth().api.listPasskeys({ headers: requestHeaders }),
  ]);
  const twoFactorEnabled = user.twoFactorEnabled === true;
  const methods = signInMethodsOf({
    hasPassword: accounts.some((account) => account.providerId === "credential"),
    twoFactorEnabled,
    passkeys: passkeys.length,
  });
  return (
    <div className="space-y-8">
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
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-muted">Name</dt>
          <dd className="break-words" data-testid="account-name">
            {user.name}
          </dd>
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
      <ChangePassword />
      <SignInMethods methods={methods}>
        <TwoFactor enabled={twoFactorEnabled} />
      </SignInMethods>
      <Passkeys twoFactorEnabled={twoFactorEnabled} />
      <SessionList currentSessionId={session.id} />
      <DataTransfer />
      <DeleteAccount />
    </div>
  );
}

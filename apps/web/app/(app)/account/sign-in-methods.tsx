import type { ReactNode } from "react";

/** One way the account can be signed in to, as the account page lists it. */
export interface SignInMethod {
  id: string;
  name: string;
  /** Its state in a few words, e.g. "Set" or "Off". */
  status: string;
  /** True when it signs in on its own (a password, a passkey); false for a second step such as a code. */
  signsInAlone: boolean;
}

/**
 * The account's sign-in methods. Each kind is one entry here, so the list and the last-way-in check
 * below always agree.
 */
export function signInMethodsOf(account: {
  hasPassword: boolean;
  twoFactorEnabled: boolean;
  passkeys: number;
}): SignInMethod[] {
  return [
    {
      id: "password",
      name: "Password",
      status: account.hasPassword ? "Set" : "Not set",
      signsInAlone: account.hasPassword,
    },
    {
      id: "passkeys",
      name: "Passkeys",
      status: account.passkeys === 0 ? "None" : `${account.passkeys} added`,
      signsInAlone: account.passkeys > 0,
    },
    {
      id: "two-factor",
      name: "Two-factor code (authenticator app)",
      status: account.twoFactorEnabled ? "On" : "Off",
      signsInAlone: false,
    },
  ];
}

/**
 * Whether removing method `id` would leave the account with nothing that signs in on its own: a removal
 * (of a passkey, say) asks for confirmation with a warning when it would.
 */
export function removesLastWayIn(methods: readonly SignInMethod[], id: string): boolean {
  return !methods.some((method) => method.id !== id && method.signsInAlone);
}

/** The list of sign-in methods, with the controls that manage them below it. */
export function SignInMethods({
  methods,
  children,
}: {
  methods: readonly SignInMethod[];
  children?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="sign-in-methods-heading"
      className="space-y-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="sign-in-methods-heading" className="text-lg font-semibold">
        Sign-in methods
      </h2>
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-2 text-sm" data-testid="sign-in-methods">
        {methods.map((method) => (
          <div key={method.id} className="contents">
            <dt className="text-ink-soft">{method.name}</dt>
            <dd className="font-medium">{method.status}</dd>
          </div>
        ))}
      </dl>
      {children}
    </section>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { PasswordField, SecondFactorCodeField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { authClient, confirmIdentity, runAuthCall } from "@/lib/auth-client";
import { secondFactorCodeError } from "@/lib/credentials";

/** An authenticator app's view of the secret: the otpauth:// URI as a QR code, and the secret to type. */
interface Enrolment {
  qrCode: string; // an SVG data: URL
  secret: string;
  backupCodes: string[];
}

/** What the section shows: its buttons, a password prompt for one action, the setup, or new backup codes. */
type Step =
  | { kind: "idle" }
  | { kind: "password"; action: "enable" | "regenerate" | "disable" }
  | { kind: "scan"; enrolment: Enrolment }
  | { kind: "backup-codes"; codes: string[]; justEnabled: boolean };

async function enrolmentOf(totpURI: string, backupCodes: string[]): Promise<Enrolment> {
  // Loaded only by the few who turn two-factor on, not with every account page.
  const { default: QRCode } = await import("qrcode");
  const svg = await QRCode.toString(totpURI, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    qrCode: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    secret: new URL(totpURI).searchParams.get("secret") ?? "",
    backupCodes,
  };
}

/** Saves the codes as a text file, made in the browser (they never travel again). */
function downloadCodes(codes: string[]): void {
  const text = `Todo backup codes (each works once):\n\n${codes.join("\n")}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = "todo-backup-codes.txt";
  link.click();
  URL.revokeObjectURL(url);
}

const PASSWORD_PROMPTS = {
  enable: { intro: "Enter your password to turn on two-factor sign-in.", submit: "Continue" },
  regenerate: {
    intro: "Enter your password and a code to get new backup codes. The old ones stop working.",
    submit: "Get new backup codes",
  },
  disable: {
    intro:
      "Enter your password and a code to turn off two-factor sign-in. Your password alone will then sign in.",
    submit: "Turn off two-factor",
  },
} as const;

/** The two buttons that end each of the section's forms. */
function SubmitOrCancel({
  label,
  variant,
  pending,
  onCancel,
}: {
  label: string;
  variant: "primary" | "danger";
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <Button type="submit" variant={variant} pending={pending} pendingLabel="Checking…">
        {label}
      </Button>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
    </>
  );
}

export function TwoFactor({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function show(next: Step) {
    setFailure(null);
    setStep(next);
  }

  function submitPassword(event: FormEvent<HTMLFormElement>, action: "enable" | "regenerate" | "disable") {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const code = String(form.get("secondFactorCode") ?? "");
    if (!password) {
      setFailure("Enter your password.");
      return;
    }
    const codeMissing = secondFactorCodeError(code, action !== "enable");
    if (codeMissing) {
      setFailure(codeMissing);
      return;
    }
    setFailure(null);
    setDone(null);
    startTransition(async () => {
      if (action === "enable") {
        const outcome = await runAuthCall((observer) => authClient.twoFactor.enable({ password }, observer));
        if (!outcome.ok) return setFailure(outcome.failure.message);
        const { totpURI, backupCodes } = outcome.data as { totpURI: string; backupCodes: string[] };
        return show({ kind: "scan", enrolment: await enrolmentOf(totpURI, backupCodes) });
      }
      // A borrowed session must not take the second factor away or keep codes of its own.
      const confirmed = await confirmIdentity(password, code);
      if (!confirmed.ok) return setFailure(confirmed.failure.message);
      if (action === "regenerate") {
        const outcome = await runAuthCall((observer) =>
          authClient.twoFactor.generateBackupCodes({ password }, observer),
        );
        if (!outcome.ok) return setFailure(outcome.failure.message);
        return show({ kind: "backup-codes", codes: outcome.data.backupCodes, justEnabled: false });
      }
      const outcome = await runAuthCall((observer) => authClient.twoFactor.disable({ password }, observer));
      if (!outcome.ok) return setFailure(outcome.failure.message);
      show({ kind: "idle" });
      setDone("Two-factor sign-in is off. Your password alone now signs in.");
      router.refresh();
    });
  }

  function confirmCode(event: FormEvent<HTMLFormElement>, enrolment: Enrolment) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s/g, "");
    if (!/^\d{6}$/.test(code)) {
      setFailure("Enter the 6-digit code your authenticator app shows.");
      return;
    }
    setFailure(null);
    startTransition(async () => {
      const outcome = await runAuthCall((observer) => authClient.twoFactor.verifyTotp({ code }, observer));
      if (!outcome.ok) return setFailure(outcome.failure.message);
      show({ kind: "backup-codes", codes: enrolment.backupCodes, justEnabled: true });
      router.refresh();
    });
  }

  return (
    <div className="space-y-3" data-testid="two-factor">
      <h3 className="font-semibold">Two-factor sign-in</h3>
      {failure && <Notice tone="error">{failure}</Notice>}
      {done && <Notice tone="success">{done}</Notice>}
      {step.kind === "idle" && (
        <>
          <p className="text-sm text-ink-soft">
            {enabled
              ? "On: signing in with your password also asks for a code from your authenticator app."
              : "Ask for a code from an authenticator app after your password, so a stolen password is not enough."}
          </p>
          <div className="flex flex-wrap gap-2">
            {enabled ? (
              <>
                <Button onClick={() => show({ kind: "password", action: "regenerate" })}>
                  New backup codes
                </Button>
                <Button variant="danger" onClick={() => show({ kind: "password", action: "disable" })}>
                  Turn off two-factor
                </Button>
              </>
            ) : (
              <Button variant="primary" onClick={() => show({ kind: "password", action: "enable" })}>
                Turn on two-factor
              </Button>
            )}
          </div>
        </>
      )}
      {step.kind === "password" && (
        <form
          noValidate
          aria-label={PASSWORD_PROMPTS[step.action].submit}
          onSubmit={(event) => submitPassword(event, step.action)}
          className="space-y-3"
        >
          <p className="text-sm text-ink-soft">{PASSWORD_PROMPTS[step.action].intro}</p>
          <PasswordField label="Your password" name="password" autoComplete="current-password" autoFocus />
          {step.action !== "enable" && <SecondFactorCodeField />}
          <div className="flex flex-wrap gap-2">
            <SubmitOrCancel
              label={PASSWORD_PROMPTS[step.action].submit}
              variant={step.action === "disable" ? "danger" : "primary"}
              pending={pending}
              onCancel={() => show({ kind: "idle" })}
            />
          </div>
        </form>
      )}
      {step.kind === "scan" && (
        <form
          noValidate
          aria-label="Confirm two-factor"
          onSubmit={(event) => confirmCode(event, step.enrolment)}
          className="space-y-3"
        >
          <p className="text-sm text-ink-soft">
            Scan this QR code with your authenticator app, or type the key below into it. Then enter the code
            it shows to finish.
          </p>
          {/* biome-ignore lint/performance/noImgElement: a data: URL made in the browser, nothing to optimise */}
          <img
            src={step.enrolment.qrCode}
            alt="QR code for your authenticator app"
            width={192}
            height={192}
          />
          <p className="text-sm">
            Key:{" "}
            <code className="break-all rounded bg-subtle px-1 font-mono" data-testid="totp-secret">
              {step.enrolment.secret}
            </code>
          </p>
          <TextField
            label="Code from the app"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            autoFocus
          />
          <div className="flex flex-wrap gap-2">
            <SubmitOrCancel
              label="Turn on"
              variant="primary"
              pending={pending}
              onCancel={() => show({ kind: "idle" })}
            />
          </div>
        </form>
      )}
      {step.kind === "backup-codes" && (
        <div className="space-y-3">
          <Notice tone="success">
            {step.justEnabled
              ? "Two-factor sign-in is on. Save these backup codes now: they are shown only once."
              : "Here are your new backup codes; the old ones no longer work. They are shown only once."}
          </Notice>
          <p className="text-sm text-ink-soft">
            If you lose your phone, each code signs you in once in place of an app code.
          </p>
          <ul className="grid grid-cols-2 gap-1 font-mono text-sm" aria-label="Backup codes">
            {step.codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => downloadCodes(step.codes)}>Download as text</Button>
            <Button variant="primary" onClick={() => show({ kind: "idle" })}>
              I have saved them
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

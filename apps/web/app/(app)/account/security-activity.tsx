"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

import { Button } from "@/components/button";
import { formatDateTime } from "@/components/format-date-time";
import { useHydrated } from "@/components/use-hydrated";
import { authClient, runAuthCall } from "@/lib/auth-client";
import {
  SECURITY_EVENT_KINDS,
  SECURITY_EVENT_RETENTION_DAYS,
  type SecurityEventKind,
  SIGN_IN_METHODS,
  type SignInMethod,
} from "@/lib/security-activity";

import { succeeded } from "./auth-outcome";
import { type Feedback, ListFeedback } from "./list-feedback";

/** An event as the server hands it to the page. */
export interface ShownEvent {
  id: string;
  kind: SecurityEventKind;
  method: SignInMethod | null;
  device: string | null;
  network: string | null;
  createdAt: string;
}

export interface ShownTrustedDevice {
  id: string;
  device: string | null;
  network: string | null;
  lastSignIn: string;
  expiresAt: string;
}

interface SecurityActivityProps {
  events: ShownEvent[];
  /** Whether older events of the retention period were left out. */
  more: boolean;
  /** Null when two-factor is off. */
  backupCodes: { left: number; of: number } | null;
  trustedDevices: ShownTrustedDevice[];
}

/** A moment in the reader's own time zone, written once the browser can say which that is. */
function Moment({ value }: { value: string }) {
  const hydrated = useHydrated();
  return <time dateTime={value}>{hydrated ? formatDateTime(value) : ""}</time>;
}

function where(item: { device: string | null; network: string | null }): string {
  return [item.device, item.network ? `network ${item.network}` : null].filter(Boolean).join(" · ");
}

export function SecurityActivity({ events, more, backupCodes, trustedDevices }: SecurityActivityProps) {
  return (
    <section
      aria-labelledby="security-activity-heading"
      className="space-y-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="security-activity-heading" className="text-lg font-semibold">
        Security activity
      </h2>
      {backupCodes && (
        <p className="text-sm" data-testid="backup-codes-left">
          Backup codes left: {backupCodes.left} of {backupCodes.of}.
        </p>
      )}
      {backupCodes && <TrustedDevices devices={trustedDevices} />}
      <h3 className="font-medium">Last {SECURITY_EVENT_RETENTION_DAYS} days</h3>
      {events.length === 0 ? (
        <p className="text-sm text-muted">Nothing yet.</p>
      ) : (
        <ol className="divide-y divide-line" aria-label="Security events, newest first">
          {events.map((event) => (
            <li key={event.id} data-testid="security-event" className="space-y-0.5 py-2">
              <p className="font-medium">
                {SECURITY_EVENT_KINDS[event.kind]}
                {event.method && (
                  <span className="font-normal text-muted"> with {SIGN_IN_METHODS[event.method]}</span>
                )}
              </p>
              <p className="text-sm text-muted">
                <Moment value={event.createdAt} />
                {where(event) && ` · ${where(event)}`}
              </p>
            </li>
          ))}
        </ol>
      )}
      {more && <p className="text-sm text-muted">Only the latest {events.length} are shown.</p>}
    </section>
  );
}

/** The browsers that skip the second step of sign-in, each of which can be made to ask again. */
function TrustedDevices({ devices }: { devices: ShownTrustedDevice[] }) {
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [forgetting, setForgetting] = useState<string | null>(null);

  async function forget(device: ShownTrustedDevice) {
    setForgetting(device.id);
    setFeedback(null);
    const outcome = await runAuthCall((observer) =>
      authClient.$fetch<{ status: boolean }>("/trusted-devices/forget", {
        method: "POST",
        body: { id: device.id },
        ...observer,
      }),
    );
    setForgetting(null);
    if (!succeeded(outcome, (text) => setFeedback({ tone: "error", text }))) return;
    setFeedback({ tone: "success", text: "That device will ask for a code at its next sign-in." });
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <h3 className="font-medium">Trusted devices</h3>
      <ListFeedback feedback={feedback} />
      {devices.length === 0 ? (
        <p className="text-sm text-muted">No device skips the code at sign-in.</p>
      ) : (
        <ul className="divide-y divide-line">
          {devices.map((device) => (
            <TrustedDeviceRow
              key={device.id}
              device={device}
              pending={forgetting === device.id}
              onForget={() => void forget(device)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function TrustedDeviceRow({
  device,
  pending,
  onForget,
}: {
  device: ShownTrustedDevice;
  pending: boolean;
  onForget: () => void;
}) {
  const nameId = useId();
  return (
    <li data-testid="trusted-device" className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2">
      <div className="min-w-0 flex-1 space-y-0.5">
        <p className="font-medium" id={nameId}>
          {where(device) || "A browser"}
        </p>
        <p className="text-sm text-muted">
          Last signed in <Moment value={device.lastSignIn} /> · trusted until{" "}
          <Moment value={device.expiresAt} />
        </p>
      </div>
      <Button aria-describedby={nameId} onClick={onForget} pending={pending} pendingLabel="Forgetting…">
        Forget this device
      </Button>
    </li>
  );
}

"use client";

import { useCallback, useEffect, useId, useState } from "react";

import { Button } from "@/components/button";
import { formatDateTime } from "@/components/format-date-time";
import { ApiError, errorMessage, signOutDevice } from "@/lib/api-client";
import { type AuthOutcome, authClient, runAuthCall } from "@/lib/auth-client";

import { succeeded } from "./auth-outcome";
import { describeUserAgent } from "./describe-user-agent";
import { type Feedback, ListFeedback, LoadFailure } from "./list-feedback";

type DeviceSession = NonNullable<Awaited<ReturnType<typeof authClient.listSessions>>["data"]>[number];

/** The current session first, then the most recently active. */
function inDisplayOrder(sessions: DeviceSession[], currentSessionId: string): DeviceSession[] {
  return [...sessions].sort((a, b) => {
    if (a.id === currentSessionId) return -1;
    if (b.id === currentSessionId) return 1;
    return new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime();
  });
}

/** The API client's call in the shape of an auth call, so that both kinds of sign-out report alike. */
async function asOutcome(call: Promise<void>): Promise<AuthOutcome<null>> {
  try {
    await call;
    return { ok: true, data: null };
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    return {
      ok: false,
      failure: {
        status,
        code: error instanceof ApiError ? error.code : null,
        message: errorMessage(error),
        retryAfterSeconds: null,
      },
    };
  }
}

export function SessionList({ currentSessionId }: { currentSessionId: string }) {
  const [sessions, setSessions] = useState<DeviceSession[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  // The session being signed out ("others" for all but this one), to show that button as pending.
  const [revoking, setRevoking] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    const outcome = await runAuthCall((observer) => authClient.listSessions({ fetchOptions: observer }));
    if (succeeded(outcome, setLoadError)) setSessions(inDisplayOrder(outcome.data, currentSessionId));
  }, [currentSessionId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function revoke(key: string, call: () => Promise<AuthOutcome<unknown>>, done: string) {
    setRevoking(key);
    setFeedback(null);
    const outcome = await call();
    setRevoking(null);
    if (!succeeded(outcome, (text) => setFeedback({ tone: "error", text }))) return;
    setFeedback({ tone: "success", text: done });
    await load();
  }

  const others = sessions?.filter((session) => session.id !== currentSessionId) ?? [];

  return (
    <section
      aria-labelledby="sessions-heading"
      className="space-y-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="sessions-heading" className="text-lg font-semibold">
        Signed-in devices
      </h2>
      <ListFeedback feedback={feedback} />
      {loadError && <LoadFailure message={loadError} onRetry={() => void load()} />}
      {!loadError && sessions === null && <p className="text-sm text-muted">Loading devices…</p>}
      {sessions && (
        <ul className="divide-y divide-line">
          {sessions.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              current={session.id === currentSessionId}
              pending={revoking === session.id}
              onSignOut={() =>
                revoke(
                  session.id,
                  () => asOutcome(signOutDevice(session.id)),
                  `Signed out ${describeUserAgent(session.userAgent)}.`,
                )
              }
            />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <Button
          onClick={() =>
            revoke(
              "others",
              () => runAuthCall((observer) => authClient.revokeOtherSessions({ fetchOptions: observer })),
              "Signed out every other device.",
            )
          }
          pending={revoking === "others"}
          pendingLabel="Signing out other devices…"
        >
          Sign out everywhere else
        </Button>
      )}
    </section>
  );
}

interface SessionRowProps {
  session: DeviceSession;
  current: boolean;
  pending: boolean;
  onSignOut: () => void;
}

function SessionRow({ session, current, pending, onSignOut }: SessionRowProps) {
  const deviceId = useId();
  return (
    <li data-testid="session-item" className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
      <div className="min-w-0 flex-1 space-y-0.5">
        <p className="font-medium" id={deviceId} title={session.userAgent ?? undefined}>
          {describeUserAgent(session.userAgent)}
          {current && (
            <span
              data-testid="current-session"
              className="ml-2 rounded-full bg-success/10 px-2 py-0.5 text-xs font-medium text-success"
            >
              This device
            </span>
          )}
        </p>
        <p className="text-sm text-muted">
          Signed in {formatDateTime(session.createdAt)} · Last active {formatDateTime(session.updatedAt)}
          {session.ipAddress ? ` · ${session.ipAddress}` : ""}
        </p>
      </div>
      {!current && (
        <Button aria-describedby={deviceId} onClick={onSignOut} pending={pending} pendingLabel="Signing out…">
          Sign out this device
        </Button>
      )}
    </li>
  );
}

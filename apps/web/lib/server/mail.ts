import "server-only";

import nodemailer, { type Transporter } from "nodemailer";

import { config } from "@/lib/server/env";
import { log } from "@/runtime/log.mjs";

/**
 * The app's mail, through SMTP_URL. Without it nothing is sent, and the log says so (never with the
 * recipient); `make dev` sets it to a server that prints each mail readably (dev_infra.dev_mail).
 */

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What kind of mail this is, for the log. */
  kind: string;
}

let transport: Transporter | undefined;

function smtp(url: string): Transporter {
  // Bounded: an SMTP server that hangs must not hold a request's background work for long.
  transport ??= nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return transport;
}

async function deliver({ to, subject, text, kind }: Mail): Promise<boolean> {
  const { smtpUrl, mailFrom } = config();
  if (!smtpUrl) {
    log.error({ kind }, "mail not sent: SMTP_URL is not set");
    return false;
  }
  await smtp(smtpUrl).sendMail({ from: mailFrom, to, subject, text });
  log.info({ kind }, "mail sent");
  return true;
}

/** Sends now, for a mail whose sender is told whether it went: true once the SMTP server took it. */
export async function sendNow(mail: Mail): Promise<boolean> {
  try {
    return await deliver(mail);
  } catch (error) {
    log.error({ kind: mail.kind, error: (error as Error).message }, "mail could not be sent");
    return false;
  }
}

/**
 * Sends in the background: the answer to the request that triggers a mail must take as long whether
 * or not the account exists, so it never waits for SMTP.
 */
export function sendInBackground(mail: Mail): void {
  void sendNow(mail);
}

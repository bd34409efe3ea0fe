import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";

/** A mail the run's SMTP server received (dev_infra.e2e_smtp writes each to E2E_MAIL_DIR). */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
}

function mailDir(): string {
  const folder = process.env.E2E_MAIL_DIR;
  if (!folder)
    throw new Error("E2E_MAIL_DIR is not set: the smtp entry of playwright.config.ts did not start");
  return folder;
}

/** Every mail received so far, in the order received (the server numbers its files from 1). */
export async function receivedMails(): Promise<ReceivedMail[]> {
  const folder = mailDir();
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(".eml"))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  return Promise.all(
    files.map(async (name) => {
      const parsed = await simpleParser(readFileSync(path.join(folder, name)));
      const to = Array.isArray(parsed.to)
        ? parsed.to.map((address) => address.text).join(", ")
        : parsed.to?.text;
      return { to: to ?? "", subject: parsed.subject ?? "", text: parsed.text ?? "" };
    }),
  );
}

/** Waits until exactly `count` mails were sent to `address` and returns them, oldest first. */
export async function mailsTo(address: string, count: number): Promise<ReceivedMail[]> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(
      async () => {
        found = (await receivedMails()).filter((mail) => mail.to === address);
        return found.length;
      },
      { message: `${count} mail(s) to ${address}`, timeout: 15_000 },
    )
    .toBe(count);
  return found;
}

/** Waits for the one mail sent to `address` and returns it. */
export async function mailTo(address: string): Promise<ReceivedMail> {
  return (await mailsTo(address, 1))[0];
}

/** The first link in a mail's text. */
export function linkIn(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no link in the mail "${mail.subject}"`);
  return link;
}

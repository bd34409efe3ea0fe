import "server-only";

/** One security event as the export writes it. */
export interface ExportedSecurityEvent {
  at: string;
  kind: string;
  [detail: string]: unknown;
}

/**
 * The account's security events for "Export all my data": the one function that fills the export's
 * `security_events`. The events table (issue 24, item 5) is not in this branch yet and nothing records
 * events, so there are none to export; when the table lands, this reads it (oldest first, the same
 * fields as the account page's activity list, never a secret or a code).
 */
export async function securityEventsForExport(_userId: string): Promise<ExportedSecurityEvent[]> {
  return [];
}

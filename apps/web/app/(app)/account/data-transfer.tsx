"use client";

import Link from "next/link";
import { type FormEvent, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { ApiError, downloadExport, errorMessage, type ImportReport, importTodoist } from "@/lib/api-client";
import { IMPORT_MAX_BYTES } from "@/lib/import-limits";

const SECTION_CLASSES = "space-y-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6";
const MAX_MEGABYTES = IMPORT_MAX_BYTES / (1024 * 1024);

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What to say when a file was not imported at all. */
function importFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === "body_too_large")
    return `This file is larger than ${MAX_MEGABYTES} MB. Export fewer projects from Todoist at a time.`;
  return errorMessage(error);
}

function ExportData() {
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<"json" | "csv" | null>(null);

  async function download(kind: "json" | "csv") {
    setFailure(null);
    setPending(kind);
    try {
      await downloadExport(kind === "json" ? "/api/export" : "/api/export/csv");
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(null);
    }
  }

  return (
    <section aria-labelledby="export-heading" className={SECTION_CLASSES}>
      <h2 id="export-heading" className="text-lg font-semibold">
        Export
      </h2>
      <p className="text-sm text-ink-soft">
        All your data as JSON: your account and how you sign in, your security events, your lists (those
        shared with you too, with your role in each) and every todo in them. Or just the todos as CSV, for a
        spreadsheet.
      </p>
      {failure && <Notice tone="error">{failure}</Notice>}
      <div className="flex flex-wrap gap-2">
        <Button
          onClick={() => download("json")}
          disabled={pending !== null}
          pending={pending === "json"}
          pendingLabel="Preparing JSON…"
        >
          Download all data (JSON)
        </Button>
        <Button
          onClick={() => download("csv")}
          disabled={pending !== null}
          pending={pending === "csv"}
          pendingLabel="Preparing CSV…"
        >
          Download todos (CSV)
        </Button>
      </div>
    </section>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  return (
    <div className="space-y-2" data-testid="import-report">
      <Notice tone="success">
        {plural(report.imported, "todo", "todos")} imported into your Inbox.
        {report.already_imported > 0 &&
          ` ${plural(report.already_imported, "task was", "tasks were")} imported before and not added again.`}{" "}
        <Link href="/todos" className="underline">
          See your todos
        </Link>
      </Notice>
      {report.skipped.length > 0 && (
        <>
          <h3 className="text-sm font-semibold">{plural(report.skipped.length, "row", "rows")} skipped</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Skipped rows">
            {report.skipped.map((skipped) => (
              <li key={skipped.row}>
                Row {skipped.row}: {skipped.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.notes.length > 0 && (
        <>
          <h3 className="text-sm font-semibold">Imported with a change</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Rows imported with a change">
            {report.notes.map((note) => (
              <li key={`${note.row} ${note.reason}`}>
                Row {note.row}: {note.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ImportFromTodoist() {
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setReport(null);
    if (!file) {
      setFailure("Choose a CSV file exported from Todoist.");
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setFailure(importFailure(new ApiError(413, "body_too_large", "")));
      return;
    }
    setFailure(null);
    startTransition(async () => {
      try {
        setReport(await importTodoist(file));
      } catch (error) {
        setFailure(importFailure(error));
      }
    });
  }

  return (
    <section aria-labelledby="import-heading" className={SECTION_CLASSES}>
      <h2 id="import-heading" className="text-lg font-semibold">
        Import from Todoist
      </h2>
      <p className="text-sm text-ink-soft">
        In Todoist, export a project as a CSV file, then choose it here. Its tasks become todos in your Inbox,
        with their description, priority, due date and @labels as tags; sections and comments are left out.
        Importing the same file again adds nothing twice.
      </p>
      <form noValidate onSubmit={submit} className="space-y-3">
        {failure && <Notice tone="error">{failure}</Notice>}
        <div className="space-y-1">
          <label htmlFor="todoist-file" className="block text-sm font-medium">
            Todoist CSV file (at most {MAX_MEGABYTES} MB)
          </label>
          <input
            id="todoist-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            className="block text-sm"
          />
        </div>
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Importing…">
          Import
        </Button>
      </form>
      {report && <ImportResult report={report} />}
    </section>
  );
}

/** The account page's export and import, beside each other. */
export function DataTransfer() {
  return (
    <>
      <ExportData />
      <ImportFromTodoist />
    </>
  );
}

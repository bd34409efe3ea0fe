"use client";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";

/**
 * What a page shows when its server side failed (the database unreachable, say): words and a way
 * out, never Next.js's bare "Application error". The details stay in the server's log.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto w-full max-w-md px-4 py-16">
      <h1 className="mb-4 text-2xl font-semibold">Something went wrong on our side</h1>
      <Notice tone="error" className="mb-6">
        The page could not be loaded: the service is having trouble right now. Nothing you saved is lost. Try
        again in a moment.
      </Notice>
      <Button variant="primary" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

import { ApiError } from "@/lib/api-client";

/** A refusal (4xx) answers the same when asked again, so only a failed connection or a 5xx is retried, once. */
function retryOnce(failureCount: number, error: unknown): boolean {
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  return failureCount < 1 && !refused;
}

/** The browser's cache of what the API answered, one per page load (never shared between requests). */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // The list changes when the person acts, not under their hands when the tab regains focus;
          // a change made elsewhere meanwhile is caught by the API's version check (412).
          // What the page came with is not asked again at once: a change the person makes refreshes it.
          queries: { retry: retryOnce, refetchOnWindowFocus: false, staleTime: 30_000 },
          // A change is sent again only when the person asks (a create then reuses its Idempotency-Key).
          mutations: { retry: false },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

import { useCallback, useEffect, useState } from "react";

import { getTodoCounts, type TodoCounts } from "@/lib/api-client";

/**
 * How many active and completed todos the user has in all (not only those the list's filters show),
 * asked again after each change. Null until the first answer, and kept as it was when a refresh fails:
 * the counts are a help, the list works without them.
 */
export function useTodoCounts() {
  const [counts, setCounts] = useState<TodoCounts | null>(null);
  const refresh = useCallback(async () => {
    try {
      setCounts(await getTodoCounts());
    } catch {
      // The next change asks again.
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { counts, refresh };
}

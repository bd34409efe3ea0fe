import { describe, expect, it } from "vitest";

import {
  claimsOf,
  createTokenCache,
  MIN_REMAINING_SECONDS,
  type Minter,
  REFRESH_BEFORE_SECONDS,
  TOKEN_LIFETIME_SECONDS,
  type TokenRequest,
  type TokenSubject,
} from "@/lib/server/token-cache";

import { metrics } from "../../runtime/metrics.mjs";

const SUBJECT: TokenSubject = {
  sessionId: "s1",
  userId: "u1",
  email: "u1@example.com",
  name: "U",
  amr: ["pwd"],
};

/** A minter that counts its calls and can be held back, with a clock the test moves. */
function harness() {
  let clock = 1_000_000;
  let mints = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const store = createTokenCache({ now: () => clock });
  const mint: Minter = async () => {
    mints += 1;
    const token = `token-${mints}`;
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    return { token, expiresAt: clock + TOKEN_LIFETIME_SECONDS };
  };
  return {
    cache: {
      tokenFor: (subject: TokenSubject, request?: TokenRequest) => store.tokenFor(subject, mint, request),
      cachedForCookie: store.cachedForCookie,
      forget: store.forget,
    },
    advance: (seconds: number) => (clock += seconds),
    mints: () => mints,
    holdMints: (value: boolean) => (hold = value),
    releaseMint: () => release?.(),
  };
}

describe("token cache", () => {
  it("reuses a token while it has time left", async () => {
    const h = harness();
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-1");
    h.advance(TOKEN_LIFETIME_SECONDS - REFRESH_BEFORE_SECONDS - 1);
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-1");
    expect(h.mints()).toBe(1);
  });

  it("refreshes in the background near expiry, still answering with the current token", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    h.advance(TOKEN_LIFETIME_SECONDS - REFRESH_BEFORE_SECONDS + 1);
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-1"); // no waiting
    await Promise.resolve();
    expect(h.mints()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-2");
  });

  it("never hands out a token about to expire", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    h.advance(TOKEN_LIFETIME_SECONDS - MIN_REMAINING_SECONDS + 1);
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-2");
  });

  it("mints once for many concurrent requests of one session", async () => {
    const h = harness();
    h.holdMints(true);
    const pending = Array.from({ length: 25 }, () => h.cache.tokenFor(SUBJECT));
    await Promise.resolve();
    h.releaseMint();
    expect(new Set(await Promise.all(pending))).toEqual(new Set(["token-1"]));
    expect(h.mints()).toBe(1);
  });

  it("keeps sessions apart and forgets a session that ended", async () => {
    const h = harness();
    const other = { ...SUBJECT, sessionId: "s2" };
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-1");
    expect(await h.cache.tokenFor(other)).toBe("token-2");
    h.cache.forget("s1");
    expect(await h.cache.tokenFor(SUBJECT)).toBe("token-3");
  });

  it("mints a fresh token on demand (after the API refused one)", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    expect(await h.cache.tokenFor(SUBJECT, { fresh: true })).toBe("token-2");
  });

  it("mints a new token once the account's name or email changed, so the API sees the change at once", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    expect(await h.cache.tokenFor({ ...SUBJECT, name: "Renamed" })).toBe("token-2");
    expect(await h.cache.tokenFor({ ...SUBJECT, name: "Renamed" })).toBe("token-2");
    expect(await h.cache.tokenFor({ ...SUBJECT, name: "Renamed", email: "new@example.com" })).toBe("token-3");
  });

  it("does not reuse a token whose amr differs from the session's", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    expect(await h.cache.tokenFor({ ...SUBJECT, amr: ["pwd", "otp"] })).toBe("token-2");
    expect(await h.cache.tokenFor({ ...SUBJECT, amr: null })).toBe("token-3");
  });

  it("finds the token of a checked session by its cookie, and never mints for a cookie", async () => {
    const h = harness();
    expect(h.cache.cachedForCookie("cookie-1")).toBeNull();
    await h.cache.tokenFor(SUBJECT, { sessionCookie: "cookie-1" });
    expect(h.cache.cachedForCookie("cookie-1")).toEqual({
      sessionId: "s1",
      token: "token-1",
      claims: claimsOf(SUBJECT),
    });
    expect(h.cache.cachedForCookie("cookie-2")).toBeNull();
    h.advance(TOKEN_LIFETIME_SECONDS - MIN_REMAINING_SECONDS + 1);
    expect(h.cache.cachedForCookie("cookie-1")).toBeNull(); // about to expire: the request waits for its check
    expect(h.mints()).toBe(1);
  });

  it("forgets the cookie of a session that ended", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT, { sessionCookie: "cookie-1" });
    h.cache.forget("s1");
    expect(h.cache.cachedForCookie("cookie-1")).toBeNull();
    await h.cache.tokenFor({ ...SUBJECT, sessionId: "s2" }, { sessionCookie: "cookie-2" });
    expect(h.cache.cachedForCookie("cookie-2")).toEqual({
      sessionId: "s2",
      token: "token-2",
      claims: claimsOf(SUBJECT),
    });
  });

  it("lets the next request retry after a failed mint", async () => {
    let fail = true;
    const cache = createTokenCache();
    const mint: Minter = async () => {
      if (fail) throw new Error("database down");
      return { token: "ok", expiresAt: Date.now() / 1000 + TOKEN_LIFETIME_SECONDS };
    };
    await expect(cache.tokenFor(SUBJECT, mint)).rejects.toThrow("database down");
    fail = false;
    expect(await cache.tokenFor(SUBJECT, mint)).toBe("ok");
  });
});

/** The current values of the cache's metrics, by outcome or trigger. */
async function cacheMetrics() {
  const lookups = (await metrics.tokenCacheLookups.get()).values;
  const mintCounts = (await metrics.tokenMintDuration.get()).values.filter(
    (sample) =>
      (sample as { metricName?: string }).metricName === "todo_web_token_mint_duration_seconds_count",
  );
  const count = (
    values: { labels: Record<string, string | number>; value: number }[],
    key: string,
    label: string,
  ) => values.find((sample) => sample.labels[key] === label)?.value ?? 0;
  return {
    hit: count(lookups, "outcome", "hit"),
    stale: count(lookups, "outcome", "stale"),
    miss: count(lookups, "outcome", "miss"),
    foregroundMints: count(mintCounts, "trigger", "foreground"),
    backgroundMints: count(mintCounts, "trigger", "background"),
    refreshes: (await metrics.tokenBackgroundRefreshes.get()).values[0]?.value ?? 0,
    joins: (await metrics.tokenSingleFlightJoins.get()).values[0]?.value ?? 0,
  };
}

async function metricsMovedBy(act: () => Promise<unknown>) {
  const before = await cacheMetrics();
  await act();
  const after = await cacheMetrics();
  return Object.fromEntries(
    Object.entries(after).map(([name, value]) => [name, value - before[name as keyof typeof before]]),
  );
}

describe("token cache metrics", () => {
  it("counts a miss and a foreground mint, then hits", async () => {
    const h = harness();
    expect(await metricsMovedBy(() => h.cache.tokenFor(SUBJECT))).toMatchObject({
      miss: 1,
      foregroundMints: 1,
      hit: 0,
    });
    expect(await metricsMovedBy(() => h.cache.tokenFor(SUBJECT))).toMatchObject({ hit: 1, miss: 0 });
  });

  it("counts a stale lookup, a background refresh and its mint", async () => {
    const h = harness();
    await h.cache.tokenFor(SUBJECT);
    h.advance(TOKEN_LIFETIME_SECONDS - REFRESH_BEFORE_SECONDS + 1);
    const moved = await metricsMovedBy(async () => {
      await h.cache.tokenFor(SUBJECT);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(moved).toMatchObject({ stale: 1, refreshes: 1, backgroundMints: 1, foregroundMints: 0 });
  });

  it("counts the requests that wait for a mint already under way", async () => {
    const h = harness();
    h.holdMints(true);
    const moved = await metricsMovedBy(async () => {
      const pending = Array.from({ length: 5 }, () => h.cache.tokenFor(SUBJECT));
      await Promise.resolve();
      h.releaseMint();
      await Promise.all(pending);
    });
    expect(moved).toMatchObject({ miss: 5, joins: 4, foregroundMints: 1 });
  });
});

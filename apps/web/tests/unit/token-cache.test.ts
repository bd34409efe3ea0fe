import { describe, expect, it } from "vitest";

import {
  createTokenCache,
  MIN_REMAINING_SECONDS,
  type Minter,
  REFRESH_BEFORE_SECONDS,
  TOKEN_LIFETIME_SECONDS,
  type TokenRequest,
  type TokenSubject,
} from "@/lib/server/token-cache";

const SUBJECT: TokenSubject = { sessionId: "s1", userId: "u1", email: "u1@example.com", name: "U" };

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

  it("finds the token of a checked session by its cookie, and never mints for a cookie", async () => {
    const h = harness();
    expect(h.cache.cachedForCookie("cookie-1")).toBeNull();
    await h.cache.tokenFor(SUBJECT, { sessionCookie: "cookie-1" });
    expect(h.cache.cachedForCookie("cookie-1")).toEqual({ sessionId: "s1", token: "token-1" });
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
    expect(h.cache.cachedForCookie("cookie-2")).toEqual({ sessionId: "s2", token: "token-2" });
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

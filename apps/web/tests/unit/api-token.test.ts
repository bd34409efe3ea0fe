import { TokenError } from "fast-jwt";
import { errors } from "jose";
import { DatabaseError } from "pg";
import { describe, expect, it } from "vitest";

import { mintFailureReason } from "@/lib/server/api-token";

describe("mintFailureReason", () => {
  it("names the signing, the database, or neither", () => {
    expect(mintFailureReason(new errors.JWSInvalid("bad key"))).toBe("signing");
    expect(mintFailureReason(new TokenError(TokenError.codes.signError, "bad key"))).toBe("signing");
    expect(mintFailureReason(new DatabaseError('relation "jwks" does not exist', 0, "error"))).toBe(
      "database",
    );
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
      syscall: "connect",
    });
    expect(mintFailureReason(refused)).toBe("database");
    expect(mintFailureReason(new TypeError("undefined is not a function"))).toBe("other");
    expect(mintFailureReason("thrown string")).toBe("other");
  });
});

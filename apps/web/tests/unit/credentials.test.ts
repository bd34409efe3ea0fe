import { describe, expect, it } from "vitest";
import { validateSignUp } from "@/lib/credentials";

describe("sign-up checks", () => {
  const valid = {
    name: "Ada",
    email: "ada@example.com",
    password: "correct horse",
    confirmPassword: "correct horse",
  };

  it("accepts valid values", () => {
    expect(Object.values(validateSignUp(valid)).filter(Boolean)).toEqual([]);
  });

  it("names each problem on its own field", () => {
    expect(
      validateSignUp({ name: " ", email: "ada@", password: "short", confirmPassword: "shorter" }),
    ).toEqual({
      name: "Enter your name.",
      email: "Enter an email address like name@example.com.",
      password: "Use at least 12 characters.",
      confirmPassword: "The passwords do not match.",
    });
    expect(
      validateSignUp({ ...valid, password: "x".repeat(129), confirmPassword: "x".repeat(129) }).password,
    ).toBe("Use at most 128 characters.");
  });
});

import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

import { type APIRequestContext, expect } from "@playwright/test";

import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

import type { Credentials } from "./accounts";

/** Authenticator data flags: user present, user verified, attested credential data included. */
const PRESENT_VERIFIED_ATTESTED = 0x01 | 0x04 | 0x40;

/**
 * A WebAuthn registration answer made in the test, as any client may send one: a "none" attestation
 * of a new P-256 key under the credential id the caller chooses. A real authenticator picks its own
 * id; an attacker's script picks anyone's.
 */
export function softwareRegistration(options: {
  challenge: string;
  origin: string;
  rpId: string;
  credentialId: Uint8Array<ArrayBuffer>;
}) {
  const { x, y } = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  const publicKey = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(x!)],
      [-3, isoBase64URL.toBuffer(y!)],
    ]),
  );
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(options.credentialId.length);
  const authData = Buffer.concat([
    createHash("sha256").update(options.rpId).digest(),
    Buffer.from([PRESENT_VERIFIED_ATTESTED]),
    Buffer.alloc(4), // signature counter
    Buffer.alloc(16), // AAGUID: none
    idLength,
    options.credentialId,
    publicKey,
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, unknown>([
      ["fmt", "none"],
      ["attStmt", new Map()],
      ["authData", new Uint8Array(authData)],
    ]) as Map<string, never>,
  );
  const clientDataJSON = JSON.stringify({
    type: "webauthn.create",
    challenge: options.challenge,
    origin: options.origin,
    crossOrigin: false,
  });
  const id = isoBase64URL.fromBuffer(options.credentialId);
  return {
    id,
    rawId: id,
    type: "public-key",
    response: {
      clientDataJSON: isoBase64URL.fromUTF8String(clientDataJSON),
      attestationObject: isoBase64URL.fromBuffer(new Uint8Array(attestationObject)),
      transports: ["internal"],
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform",
  };
}

/**
 * Registers a passkey made here for the account signed in on `request` (its password confirmed first,
 * as the account page does), under `credentialId` or a new one; the plugin's answer.
 */
export async function registerSoftwarePasskey(
  request: APIRequestContext,
  webUrl: string,
  { password }: Pick<Credentials, "password">,
  credentialId: Uint8Array<ArrayBuffer> = new Uint8Array(randomBytes(32)),
) {
  const headers = { Origin: webUrl };
  const confirmed = await request.post(`${webUrl}/api/auth/confirm-password`, {
    data: { password },
    headers,
  });
  expect(confirmed.status()).toBe(200);
  const options = await request.get(`${webUrl}/api/auth/passkey/generate-register-options`);
  expect(options.status()).toBe(200);
  const { challenge, rp } = (await options.json()) as { challenge: string; rp: { id: string } };
  const response = softwareRegistration({ challenge, origin: webUrl, rpId: rp.id, credentialId });
  return request.post(`${webUrl}/api/auth/passkey/verify-registration`, {
    data: { response, name: "Software key" },
    headers,
  });
}

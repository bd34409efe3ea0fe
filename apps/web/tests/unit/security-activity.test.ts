import { describe, expect, it } from "vitest";
import { networkOf } from "@/lib/security-activity";
import { backupCodesLowMail, newDeviceSignInMail } from "@/lib/server/account-mails";

describe("networkOf", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["127.0.0.1", "127.0.0.0/24"],
    ["::ffff:198.51.100.9", "198.51.100.0/24"],
    ["2001:db8:85a3:1234:5678:8a2e:370:7334", "2001:db8:85a3::/48"],
    ["2001:0db8:0000::1", "2001:db8:0::/48"],
    ["2001:db8::", "2001:db8:0::/48"],
    ["::1", "0:0:0::/48"],
    ["fe80::", "fe80:0:0::/48"],
  ])("keeps %s's network, %s, and never the whole address", (address, network) => {
    expect(networkOf(address)).toBe(network);
  });

  it.each([
    [null],
    [""],
    ["256.1.1.1"],
    ["1.2.3"],
    ["example.test"],
    ["2001:db8::1::2"],
    ["1:2:3:4:5:6:7:8:9"],
    ["1:2:3:4:5:6:7"],
    ["12345::"],
    ["1:2:3:4::5:6:7:8"],
  ])("gives no network for %s, which is no address", (address) => {
    expect(networkOf(address)).toBeNull();
  });
});

describe("the mails of security events", () => {
  it("tell of a new device by its browser, network and method, with no full address", () => {
    const mail = newDeviceSignInMail("ann@example.test", {
      device: "Firefox on Windows",
      network: "203.0.113.0/24",
      method: "passkey",
    });
    expect(mail.subject).toBe("A new sign-in to your Todo account");
    expect(mail.text).toContain("with passkey");
    expect(mail.text).toContain("Device: Firefox on Windows\nNetwork: 203.0.113.0/24\n");
  });

  it("count the backup codes left in words that agree with the number", () => {
    expect(backupCodesLowMail("ann@example.test", 1).text).toContain("; 1 is left.");
    expect(backupCodesLowMail("ann@example.test", 3).text).toContain("; 3 are left.");
  });
});

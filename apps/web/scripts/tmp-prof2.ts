import { getAuth, getDatabasePool } from "@/lib/server/auth";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
async function main() {
  const auth = getAuth();
  const res = await auth.handler(new Request("http://127.0.0.1:3123/api/auth/sign-up/email", {
    method: "POST", headers: { "content-type": "application/json", origin: "http://127.0.0.1:3123" },
    body: JSON.stringify({ name: "P", email: `p${Date.now()}@e.com`, password: "password-123" }) }));
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const headers = new Headers({ cookie });
  const ctx = await auth.$context;
  const tok = (await auth.api.getSession({ headers }))!.session.token;
  for (let i = 0; i < 2000; i++) await auth.api.getSession({ headers });
  const s = new Session(); s.connect(); await s.post("Profiler.enable"); await s.post("Profiler.setSamplingInterval", { interval: 50 }); await s.post("Profiler.start");
  let t = performance.now();
  for (let i = 0; i < 5000; i++) await auth.api.getSession({ headers });
  console.log("getSession", ((performance.now() - t) / 5000).toFixed(3));
  t = performance.now();
  for (let i = 0; i < 5000; i++) await ctx.internalAdapter.findSession(tok);
  console.log("findSession", ((performance.now() - t) / 5000).toFixed(3));
  const { profile } = await s.post("Profiler.stop"); writeFileSync("/tmp/prof5/p.cpuprofile", JSON.stringify(profile));
  await getDatabasePool().end();
}
main();

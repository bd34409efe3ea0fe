import { headers } from "next/headers";

import { getAuth } from "@/lib/server/auth";
import { forward } from "@/lib/server/bff";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return forward(request, "/v1/me");
}

/** Erase the user's todos in the API, then the Better Auth user (and with it every session). */
export function DELETE(request: Request) {
  return forward(request, "/v1/me", {
    afterSuccess: async () => {
      await getAuth().api.deleteUser({ body: {}, headers: await headers() });
    },
  });
}

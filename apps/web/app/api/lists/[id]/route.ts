import { forwardedRoute } from "@/lib/server/forward-to-api";

import { listApiPath } from "../list-api-path";

export const dynamic = "force-dynamic";

const toList = forwardedRoute<{ id: string }>(({ id }) => listApiPath(id));

export { toList as GET, toList as PATCH, toList as DELETE };

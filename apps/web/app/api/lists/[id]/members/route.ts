import { forwardedRoute } from "@/lib/server/forward-to-api";

import { listApiPath } from "../../list-api-path";

export const dynamic = "force-dynamic";

export const GET = forwardedRoute<{ id: string }>(({ id }) => listApiPath(id, "/members"));

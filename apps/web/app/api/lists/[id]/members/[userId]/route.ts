import { forwardedRoute } from "@/lib/server/forward-to-api";

import { memberApiPath } from "../../../list-api-path";

export const dynamic = "force-dynamic";

const toMember = forwardedRoute<{ id: string; userId: string }>(({ id, userId }) =>
  memberApiPath(id, userId),
);

export { toMember as PATCH, toMember as DELETE };

import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { formatShortId } from "@/lib/domain/groups/short-id";
import { LIST_SELECT, withDiscordContext } from "./list-sync-events";
import { syncPayloadView } from "./sync-payload-view";

/**
 * Everything about one sync-history row of the organization, for the detail drawer: the row, its
 * group and integration, the request it stood for (its payload, secrets left out) and the answer
 * (outcome, reason or error, duration). A row of another organization is not found.
 */
export async function getSyncEvent(db: Db, organizationId: string, syncEventId: string) {
  const row = await db.syncEvent.findFirst({
    where: { id: syncEventId, organizationId },
    select: { ...LIST_SELECT, jobId: true, integration: { select: { id: true, name: true } } },
  });
  if (!row) throw notFound("Sync event not found");
  const [withContext] = await withDiscordContext(db, [row]);
  const { payload, group, ...rest } = withContext;
  return {
    ...rest,
    group: group ? { id: group.id, title: group.title, shortId: formatShortId(group.project.slug, group.shortId) } : null,
    payload: syncPayloadView(payload),
  };
}

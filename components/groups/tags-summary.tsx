import { Panel } from "@/components/ui/panel";
import type { TagSummary } from "@/lib/domain/groups/tag-summary";

/** Top values per tag over the group's recent events, as proportion bars. */
export function TagsSummary({ tags, sampled }: { tags: TagSummary[]; sampled: number }) {
  return (
    <Panel title="Tags" description={`From the latest ${sampled} events at most`}>
      {tags.length === 0 ? (
        <p className="text-sm text-fg-muted">No tags on recent events. SDKs add browser, OS and release tags; the events API takes a tags object.</p>
      ) : (
        <dl className="space-y-3">
          {tags.map((tag) => (
            <div key={tag.key}>
              <dt className="text-xs font-medium text-fg">{tag.key}</dt>
              <dd>
                <ul className="mt-1 space-y-1">
                  {tag.values.map((value) => {
                    const share = Math.round((value.count / tag.total) * 100);
                    return (
                      <li key={value.value} className="relative overflow-hidden rounded bg-surface-muted px-2 py-0.5 text-xs">
                        <span aria-hidden className="absolute inset-y-0 left-0 bg-accent-soft" style={{ width: `${share}%` }} />
                        <span className="relative flex justify-between gap-2">
                          <span className="truncate text-fg" title={value.value}>
                            {value.value}
                          </span>
                          <span className="shrink-0 text-fg-muted tabular-nums">{share}%</span>
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}

import type { TagSummary } from "@/lib/domain/groups/tag-summary";

/** Top values per tag over the group's recent events, as proportion bars. */
export function TagsSummary({ tags, sampled }: { tags: TagSummary[]; sampled: number }) {
  return (
    <section aria-labelledby="tags-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="tags-heading" className="text-sm font-semibold text-slate-900">
        Tags
      </h2>
      {tags.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No tags on recent events.</p>
      ) : (
        <dl className="mt-2 space-y-3">
          {tags.map((tag) => (
            <div key={tag.key}>
              <dt className="text-xs font-medium text-slate-700">{tag.key}</dt>
              <dd>
                <ul className="mt-1 space-y-1">
                  {tag.values.map((value) => {
                    const share = Math.round((value.count / tag.total) * 100);
                    return (
                      <li key={value.value} className="relative overflow-hidden rounded bg-slate-50 px-2 py-0.5 text-xs">
                        <span aria-hidden className="absolute inset-y-0 left-0 bg-indigo-100" style={{ width: `${share}%` }} />
                        <span className="relative flex justify-between gap-2">
                          <span className="truncate text-slate-800" title={value.value}>{value.value}</span>
                          <span className="shrink-0 tabular-nums text-slate-500">{share}%</span>
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
      <p className="mt-3 text-[11px] text-slate-400">From the latest {sampled} events at most.</p>
    </section>
  );
}

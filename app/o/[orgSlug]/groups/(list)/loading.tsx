export default function GroupsLoading() {
  return (
    <div className="mx-auto max-w-7xl space-y-4 p-6" aria-busy="true" aria-label="Loading groups">
      <div className="h-6 w-32 animate-pulse rounded bg-slate-200" />
      <div className="h-8 w-full animate-pulse rounded bg-slate-100" />
      <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 px-3 py-3">
            <div className="flex-1 space-y-1.5">
              <div className="h-3.5 w-2/3 animate-pulse rounded bg-slate-200" />
              <div className="h-3 w-1/3 animate-pulse rounded bg-slate-100" />
            </div>
            <div className="h-3.5 w-16 animate-pulse rounded bg-slate-100" />
            <div className="h-3.5 w-12 animate-pulse rounded bg-slate-100" />
            <div className="h-3.5 w-20 animate-pulse rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A grey placeholder the size of what is loading, so nothing jumps when it arrives. */
export function Skeleton({ className = "h-4 w-full", label }: { className?: string; label?: string }) {
  return <div aria-hidden={label ? undefined : true} aria-busy={label ? true : undefined} aria-label={label} className={`animate-pulse rounded bg-line ${className}`} />;
}

/** Rows of placeholders for a list or table that is loading. */
export function SkeletonRows({ rows = 8, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div aria-busy="true" aria-label={label} className="divide-y divide-line rounded-lg border border-line bg-surface">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-3 px-3 py-3">
          <div className="h-3.5 flex-1 animate-pulse rounded bg-line" />
          <div className="h-3.5 w-20 animate-pulse rounded bg-line" />
          <div className="h-3.5 w-12 animate-pulse rounded bg-line" />
        </div>
      ))}
    </div>
  );
}

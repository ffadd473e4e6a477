import { Skeleton } from "@/components/ui/skeleton";

const ROWS = 10;

/** The list's rows while they load, in the table's (or on a phone the cards') real sizes. */
export function GroupsRowsSkeleton({ rows = ROWS }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading groups">
      <div className="hidden overflow-hidden rounded-lg border border-line bg-surface sm:block">
        <div className="h-[33px] border-b border-line bg-surface-muted" />
        <div className="divide-y divide-line">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="flex h-[53px] items-center gap-4 px-3">
              <Skeleton className="h-3.5 w-3.5" />
              <div className="flex-1 space-y-1.5">
                <Skeleton className="h-3.5 w-2/3" />
                <Skeleton className="h-3 w-1/3" />
              </div>
              <Skeleton className="h-3.5 w-12" />
              <Skeleton className="h-3.5 w-12" />
              <Skeleton className="h-3.5 w-16" />
              <Skeleton className="hidden h-6 w-20 lg:block" />
              <Skeleton className="h-3.5 w-14" />
            </div>
          ))}
        </div>
      </div>
      <div className="space-y-2 sm:hidden">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="h-[132px] space-y-2 rounded-lg border border-line bg-surface p-3">
            <Skeleton className="h-4 w-5/6" />
            <Skeleton className="h-3 w-1/2" />
            <div className="flex items-end justify-between pt-3">
              <div className="space-y-1.5">
                <Skeleton className="h-3 w-28" />
                <Skeleton className="h-3 w-24" />
                <Skeleton className="h-3 w-20" />
              </div>
              <Skeleton className="h-8 w-24" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The whole groups page while the server prepares it: header, tabs, filters and rows where they will be. */
export function GroupsPageSkeleton() {
  return (
    <div className="mx-auto max-w-7xl p-4 sm:p-6">
      <div className="mb-4 space-y-2">
        <Skeleton className="h-7 w-28" />
        <Skeleton className="h-4 w-64 max-w-full" />
      </div>
      <div className="space-y-3">
        <div className="flex gap-4 border-b border-line pb-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-5 w-24" />
          ))}
        </div>
        <div className="grid grid-cols-2 gap-2 sm:flex">
          <Skeleton className="col-span-2 h-[30px] sm:flex-1" />
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-[30px] sm:w-32" />
          ))}
        </div>
        <GroupsRowsSkeleton />
      </div>
    </div>
  );
}

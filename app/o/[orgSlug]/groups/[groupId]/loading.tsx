import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";

function PanelSkeleton({ children }: { children?: ReactNode }) {
  return <div className="space-y-3 rounded-lg border border-line bg-surface p-4 shadow-sm">{children}</div>;
}

/** The group page's shape while it loads: the same boxes at the same sizes, so nothing jumps. */
export default function GroupLoading() {
  return (
    <div className="mx-auto max-w-7xl space-y-4 p-3 sm:space-y-5 sm:p-6" aria-busy="true" aria-label="Loading the group">
      <Skeleton className="h-4 w-32" />
      <div className="space-y-2">
        <div className="flex gap-2">
          <Skeleton className="h-5 w-14" />
          <Skeleton className="h-5 w-20" />
          <Skeleton className="h-5 w-24" />
        </div>
        <Skeleton className="h-7 w-3/4" />
        <Skeleton className="h-5 w-1/2" />
      </div>
      <div className="rounded-lg border border-line bg-surface px-3 py-2.5 shadow-sm sm:px-4">
        <Skeleton className="h-8 w-72 max-w-full" />
      </div>
      <div className="grid grid-cols-2 gap-2 sm:gap-3 md:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="rounded-lg border border-line bg-surface px-3 py-2.5 shadow-sm sm:px-4">
            <Skeleton className="h-3 w-16" />
            <Skeleton className="mt-2 h-6 w-20" />
          </div>
        ))}
      </div>
      <div className="grid gap-4 sm:gap-5 lg:grid-cols-3">
        <div className="space-y-4 sm:space-y-5 lg:col-span-2">
          <PanelSkeleton>
            <Skeleton className="h-4 w-36" />
            <Skeleton className="h-[9.5rem] w-full" />
          </PanelSkeleton>
          <PanelSkeleton>
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-48 w-full" />
          </PanelSkeleton>
        </div>
        <div className="space-y-4 sm:space-y-5">
          <PanelSkeleton>
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 w-full" />
          </PanelSkeleton>
          <PanelSkeleton>
            <Skeleton className="h-4 w-16" />
            <Skeleton className="h-24 w-full" />
          </PanelSkeleton>
        </div>
      </div>
    </div>
  );
}

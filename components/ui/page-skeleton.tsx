import { Skeleton, SkeletonRows } from "@/components/ui/skeleton";

/** A settings-like page loading: its title, a line under it, then a panel of rows. Sized like the page, so nothing jumps. */
export function PageSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
      <div className="mb-4 space-y-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-4 w-2/3" />
      </div>
      <SkeletonRows rows={rows} label={label} />
    </div>
  );
}

import { Skeleton, SkeletonRows } from "@/components/ui/skeleton";

/** What a settings page shows while it loads: its header and a list the size of what is coming. */
export function SettingsSkeleton({ label }: { label: string }) {
  return (
    <div className="mx-auto max-w-5xl space-y-4 p-4 sm:p-6">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="h-4 w-72 max-w-full" />
      <Skeleton className="h-28 w-full" />
      <SkeletonRows rows={4} label={label} />
    </div>
  );
}

import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function GroupNotFound() {
  return (
    <div className="mx-auto max-w-3xl p-3 sm:p-6">
      <div className="rounded-lg border border-dashed border-line-strong bg-surface p-8 text-center text-sm text-fg-muted">
        <h1 className="text-base font-semibold text-fg">Group not found</h1>
        <p className="mt-2">This group does not exist, or it belongs to an organization you cannot see.</p>
        <Link href="../groups" className={buttonClass("secondary", "md", "mt-4")}>
          Back to the groups
        </Link>
      </div>
    </div>
  );
}

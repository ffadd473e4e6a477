import Link from "next/link";

export default function GroupNotFound() {
  return (
    <div className="mx-auto max-w-3xl p-6">
      <div className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
        <h1 className="text-base font-semibold text-slate-900">Group not found</h1>
        <p className="mt-1">This group does not exist, or it belongs to an organization you cannot see.</p>
        <Link href=".." className="mt-3 inline-block text-indigo-700 hover:underline">
          Back to the groups
        </Link>
      </div>
    </div>
  );
}

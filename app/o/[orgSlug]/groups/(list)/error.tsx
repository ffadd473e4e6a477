"use client";

export default function GroupsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-3xl p-6">
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-800">
        <p className="font-medium">Could not load this page.</p>
        <p className="mt-1 text-red-700">Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps failing, check the server log.</p>
        <button type="button" onClick={reset} className="mt-3 rounded-md bg-white px-3 py-1.5 font-medium text-red-800 ring-1 ring-red-200 hover:bg-red-100">
          Retry
        </button>
      </div>
    </div>
  );
}

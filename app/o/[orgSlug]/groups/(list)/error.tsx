"use client";

import { Button } from "@/components/ui/button";

export default function GroupsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-3xl p-4 sm:p-6">
      <div role="alert" className="rounded-lg border border-danger-line bg-danger-soft p-5 text-sm text-danger">
        <p className="font-medium">Could not load this page.</p>
        <p className="mt-1">Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps failing, check the server log.</p>
        <Button variant="danger" className="mt-3" onClick={reset}>
          Retry
        </Button>
      </div>
    </div>
  );
}

"use client";

import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

/** What an unexpected failure while rendering a page shows, instead of a blank screen. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      title="Something went wrong"
      actions={
        <>
          <Button variant="primary" onClick={reset}>
            Try again
          </Button>
          <Link href="/" className={buttonClass("secondary")}>
            Go to your groups
          </Link>
        </>
      }
    >
      This page could not be shown. Trying again usually helps; if it keeps happening, tell your admin
      {error.digest ? (
        <>
          {" "}
          the reference <code className="font-mono text-fg">{error.digest}</code>
        </>
      ) : null}
      .
    </StatusPage>
  );
}

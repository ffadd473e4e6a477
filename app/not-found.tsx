import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="This page does not exist"
      actions={
        <Link href="/" className={buttonClass("primary")}>
          Go to your groups
        </Link>
      }
    >
      The link may be out of date, or the page belongs to an organization you are not a member of.
    </StatusPage>
  );
}

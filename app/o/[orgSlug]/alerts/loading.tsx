import { PageSkeleton } from "@/components/ui/page-skeleton";

export default function AlertLoading() {
  return <PageSkeleton label="Loading the alert" rows={5} />;
}

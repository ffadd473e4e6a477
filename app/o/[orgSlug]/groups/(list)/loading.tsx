import { GroupsPageSkeleton } from "@/components/groups/groups-skeleton";

export default function GroupsLoading() {
  return <GroupsPageSkeleton />;
}

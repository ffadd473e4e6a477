"use client";

import { useRouter } from "next/navigation";
import { Select } from "@/components/ui/field";

export interface OrganizationChoice {
  slug: string;
  name: string;
}

/** Switches to another of the user's organizations, landing on its groups. */
export function OrganizationSwitcher({ current, organizations }: { current: string; organizations: OrganizationChoice[] }) {
  const router = useRouter();
  const currentName = organizations.find((o) => o.slug === current)?.name ?? current;
  if (organizations.length < 2) {
    return (
      <p className="truncate px-2.5 text-sm font-semibold text-fg" title={currentName}>
        {currentName}
      </p>
    );
  }
  return (
    <label className="block">
      <span className="sr-only">Organization</span>
      <Select
        aria-label="Organization"
        className="block w-full truncate font-semibold"
        value={current}
        onChange={(e) => router.push(`/o/${e.target.value}/groups`)}
      >
        {organizations.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </Select>
    </label>
  );
}

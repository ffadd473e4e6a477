"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

export function LinkJiraSiteForm({ token, organizations }: { token: string; organizations: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [organization, setOrganization] = useState(organizations[0]?.slug ?? "");
  const link = useMutation({
    mutationFn: () => apiRequest<{ settingsUrl: string }>("/api/jira/link", { method: "POST", body: { token, organization } }),
    onSuccess: (result) => router.push(result.settingsUrl),
  });
  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        link.mutate();
      }}
    >
      <label className="block text-sm font-medium text-fg">
        Organization
        <Select className="mt-1 block w-full py-2 font-normal" value={organization} onChange={(e) => setOrganization(e.target.value)}>
          {organizations.map((org) => (
            <option key={org.slug} value={org.slug}>
              {org.name}
            </option>
          ))}
        </Select>
      </label>
      {link.error ? (
        <p role="alert" className="text-sm text-danger">
          {link.error.message}
        </p>
      ) : null}
      <Button type="submit" variant="primary" pending={link.isPending}>
        {link.isPending ? "Linking…" : "Link Jira site"}
      </Button>
    </form>
  );
}

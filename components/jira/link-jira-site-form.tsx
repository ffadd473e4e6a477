"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-request";

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
      <label className="block text-sm font-medium text-slate-700">
        Organization
        <select className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" value={organization} onChange={(e) => setOrganization(e.target.value)}>
          {organizations.map((org) => (
            <option key={org.slug} value={org.slug}>
              {org.name}
            </option>
          ))}
        </select>
      </label>
      {link.error ? (
        <p role="alert" className="text-sm text-red-700">
          {link.error.message}
        </p>
      ) : null}
      <button type="submit" disabled={link.isPending} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50">
        {link.isPending ? "Linking…" : "Link Jira site"}
      </button>
    </form>
  );
}

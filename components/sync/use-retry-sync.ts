"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "@/components/api-request";
import { useToast } from "@/components/ui/toast";

/** "Retry" on a failed (or dead-lettered) outbound sync: queues it again and says so in a toast. */
export function useRetrySync(orgSlug: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (id: string) => apiRequest<{ syncEventId: string }>(`/api/v1/organizations/${orgSlug}/sync-events/${encodeURIComponent(id)}/retry`, { method: "POST" }),
    onSuccess: () => {
      toast.show("Retry queued: the new attempt appears at the top of the history.");
      void queryClient.invalidateQueries({ queryKey: ["sync-events", orgSlug] });
      void queryClient.invalidateQueries({ queryKey: ["sync-event", orgSlug] });
    },
    onError: (error) => toast.show(`Could not retry: ${error.message}`, "error"),
  });
}

"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export type ToastTone = "success" | "error" | "info";

interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

interface ToastApi {
  /** Tells the user an action finished (or failed); it fades after a few seconds. */
  show(message: string, tone?: ToastTone): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const TONE: Record<ToastTone, string> = {
  success: "border-success/30 text-fg",
  error: "border-danger-line text-danger",
  info: "border-line-strong text-fg",
};

const MARK: Record<ToastTone, string> = { success: "✓", error: "!", info: "i" };

const VISIBLE_MS = 4_000;

function ToastItem({ toast, onDone }: { toast: Toast; onDone: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDone(toast.id), toast.tone === "error" ? VISIBLE_MS * 2 : VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toast, onDone]);
  return (
    <div role={toast.tone === "error" ? "alert" : "status"} className={`pointer-events-auto flex items-start gap-2 rounded-lg border bg-surface-raised px-3 py-2 text-sm shadow-lg ${TONE[toast.tone]}`}>
      <span aria-hidden className="font-semibold">
        {MARK[toast.tone]}
      </span>
      <span className="min-w-0 flex-1">{toast.message}</span>
      <button type="button" aria-label="Dismiss" className="text-fg-subtle hover:text-fg" onClick={() => onDone(toast.id)}>
        ×
      </button>
    </div>
  );
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((message: string, tone: ToastTone = "success") => {
    const id = nextId.current++;
    // Keep the last few: a burst of bulk results must not cover the page.
    setToasts((all) => [...all.slice(-3), { id, tone, message }]);
  }, []);
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-end gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-96">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDone={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs the ToastProvider (components/providers.tsx)");
  return api;
}

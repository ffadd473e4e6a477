"use client";

import { useEffect, useRef } from "react";

export type TriageKey = "next" | "previous" | "select" | "assign" | "resolve" | "archive" | "open" | "search" | "help";

const KEYS: Record<string, TriageKey> = {
  j: "next",
  k: "previous",
  x: "select",
  a: "assign",
  r: "resolve",
  e: "archive",
  Enter: "open",
  "/": "search",
  "?": "help",
};

const NOT_TYPING = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether a key press belongs to a field the user is typing in (shortcuts must not fire there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.has(target.type);
}

/**
 * The groups list's keyboard triage (j/k/x/a/r/e/Enter, / and ?). Off while typing, while a
 * modal is open, and with Ctrl/Alt/Meta (the browser's own shortcuts); Enter on a link or button
 * keeps its own meaning.
 */
export function useTriageKeys(enabled: boolean, onKey: (key: TriageKey) => void): void {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTypingTarget(event.target) || document.querySelector("dialog[open]")) return;
      const key = KEYS[event.key];
      if (!key) return;
      if (key === "open" && event.target instanceof HTMLElement && event.target.closest("a, button, summary, [role=button], [role=tab], input")) return;
      event.preventDefault();
      handler.current(key);
    };
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, [enabled]);
}

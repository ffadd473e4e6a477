"use client";

import { useState } from "react";
import { isDark, parseThemeChoice, THEME_CHOICE_ATTRIBUTE, THEME_CHOICES, THEME_STORAGE_KEY, themeCookie, type ThemeChoice } from "@/lib/theme/theme-choice";

const LABEL: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

function currentChoice(): ThemeChoice {
  return typeof document === "undefined" ? "system" : parseThemeChoice(document.documentElement.getAttribute(THEME_CHOICE_ATTRIBUTE));
}

/** Remembers the choice in both places the boot script reads, and re-colours the page at once. */
export function applyThemeChoice(choice: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Private mode or storage off: the cookie alone still remembers it.
  }
  document.cookie = themeCookie(choice);
  const root = document.documentElement;
  root.setAttribute(THEME_CHOICE_ATTRIBUTE, choice);
  root.classList.toggle("dark", isDark(choice, window.matchMedia("(prefers-color-scheme: dark)").matches));
}

/** System / light / dark, as radio items of the user menu. */
export function ThemeChoiceItems() {
  const [choice, setChoice] = useState<ThemeChoice>(currentChoice);
  return (
    <div role="group" aria-label="Theme" className="border-t border-line px-1 py-1">
      <p aria-hidden className="px-2 pt-1 pb-0.5 text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">
        Theme
      </p>
      <div className="grid grid-cols-3 gap-1 px-1 pb-1">
        {THEME_CHOICES.map((option) => (
          <button
            key={option}
            type="button"
            role="menuitemradio"
            aria-checked={choice === option}
            onClick={() => {
              applyThemeChoice(option);
              setChoice(option);
            }}
            className={`rounded-md px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-accent ${
              choice === option ? "bg-accent-soft text-accent-fg ring-1 ring-accent/30 ring-inset" : "text-fg-muted hover:bg-surface-muted hover:text-fg"
            }`}
          >
            {LABEL[option]}
          </button>
        ))}
      </div>
    </div>
  );
}

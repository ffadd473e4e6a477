"use client";

import { Dialog } from "@/components/ui/dialog";

export const TRIAGE_SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["j"], does: "Next group" },
  { keys: ["k"], does: "Previous group" },
  { keys: ["x"], does: "Select or unselect the group" },
  { keys: ["a"], does: "Assign the selected (or focused) groups" },
  { keys: ["r"], does: "Resolve the selected (or focused) groups" },
  { keys: ["e"], does: "Archive the selected (or focused) groups until they escalate" },
  { keys: ["Enter"], does: "Open the group" },
  { keys: ["/"], does: "Search" },
  { keys: ["?"], does: "Show these shortcuts" },
  { keys: ["Esc"], does: "Close a dialog" },
];

/** The list of keyboard shortcuts, opened with "?". */
export function GroupsShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog bodyClassName="" open={open} title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
        {TRIAGE_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.does} className="contents">
            <dt className="flex gap-1">
              {shortcut.keys.map((key) => (
                <kbd key={key} className="min-w-6 rounded border border-line-strong bg-surface-muted px-1.5 py-0.5 text-center font-mono text-xs text-fg">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd className="text-fg-muted">{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-fg-subtle">Shortcuts are off while you type in a field.</p>
    </Dialog>
  );
}

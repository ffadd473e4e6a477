/** The integration a timeline row came from, as a small mark with its name for screen readers. */
export function ProviderIcon({ provider, className = "h-4 w-4" }: { provider: string; className?: string }) {
  if (provider === "jira") {
    return (
      <svg viewBox="0 0 24 24" role="img" aria-label="Jira" className={`shrink-0 text-[#2684ff] ${className}`}>
        <path fill="currentColor" d="M11.6 2 2 11.6a.6.6 0 0 0 0 .8l4.4 4.4 5.2-5.2a.6.6 0 0 1 .8 0l5.2 5.2 4.4-4.4a.6.6 0 0 0 0-.8L12.4 2a.6.6 0 0 0-.8 0Zm.4 11.2-3.6 3.6 3.2 3.2a.6.6 0 0 0 .8 0l3.2-3.2Z" />
      </svg>
    );
  }
  if (provider === "discord") {
    return (
      <svg viewBox="0 0 24 24" role="img" aria-label="Discord" className={`shrink-0 text-[#5865f2] dark:text-[#8891f7] ${className}`}>
        <path
          fill="currentColor"
          d="M19.3 5.3A16.6 16.6 0 0 0 15.2 4l-.5 1a15.3 15.3 0 0 0-5.4 0l-.5-1a16.6 16.6 0 0 0-4.1 1.3C2.1 9.2 1.4 13 1.8 16.8a16.7 16.7 0 0 0 5 2.5l1.1-1.7a10.8 10.8 0 0 1-1.7-.8l.4-.3a11.9 11.9 0 0 0 10.8 0l.4.3-1.7.8 1.1 1.7a16.6 16.6 0 0 0 5-2.5c.5-4.4-.7-8.2-2.9-11.5ZM8.7 14.5c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Zm6.6 0c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Z"
        />
      </svg>
    );
  }
  return (
    <span role="img" aria-label={provider} className={`inline-flex shrink-0 items-center justify-center rounded-sm bg-surface-muted text-[9px] font-bold text-fg-muted uppercase ${className}`}>
      {provider.charAt(0)}
    </span>
  );
}

export function providerName(provider: string): string {
  return provider === "jira" ? "Jira" : provider === "discord" ? "Discord" : provider;
}

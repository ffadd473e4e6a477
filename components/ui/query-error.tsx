/** A failed load, with its reason and a button to try again. */
export function QueryError({ what, error, onRetry, className = "text-sm text-danger" }: { what: string; error: Error; onRetry: () => void; className?: string }) {
  return (
    <p role="alert" className={className}>
      Could not load {what}: {error.message}{" "}
      <button type="button" className="font-medium underline hover:no-underline focus-visible:outline-2 focus-visible:outline-accent" onClick={onRetry}>
        Retry
      </button>
    </p>
  );
}

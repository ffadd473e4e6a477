/** A tiny bar chart of counts (oldest first), drawn in plain SVG so rows stay light. */
export function Sparkline({ counts, label, className = "h-6 w-24" }: { counts: readonly number[]; label: string; className?: string }) {
  const max = Math.max(1, ...counts);
  const width = counts.length * 4;
  return (
    <svg viewBox={`0 0 ${width} 24`} preserveAspectRatio="none" role="img" aria-label={label} className={`text-accent ${className}`}>
      <title>{label}</title>
      {counts.map((count, i) => {
        const height = count === 0 ? 1 : Math.max(2, Math.round((count / max) * 24));
        return <rect key={i} x={i * 4} y={24 - height} width={3} height={height} rx={0.5} className={count === 0 ? "fill-line" : "fill-current"} />;
      })}
    </svg>
  );
}

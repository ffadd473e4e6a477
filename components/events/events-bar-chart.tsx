import type { EventStatsBucket, EventStatsPeriod } from "@/lib/domain/groups/group-event-stats";

const BAR = 10;
const GAP = 2;
const HEIGHT = 100;

/** "14:00" for an hour, "Nov 18" for a day; always UTC, like the buckets. */
export function bucketLabel(start: string, period: EventStatsPeriod): string {
  const date = new Date(start);
  return period === "24h"
    ? date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })
    : date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

function bucketTitle(bucket: EventStatsBucket, period: EventStatsPeriod): string {
  const date = new Date(bucket.start);
  const when =
    period === "24h"
      ? `${date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })}, ${bucketLabel(bucket.start, period)} UTC`
      : `${bucketLabel(bucket.start, period)} (UTC)`;
  return `${bucket.count.toLocaleString("en-US")} ${bucket.count === 1 ? "event" : "events"} · ${when}`;
}

/**
 * Events per bucket as bars in plain SVG: it stretches to its container's width, a title per bar
 * gives the count and time on hover, and a hidden table gives screen readers the same numbers.
 */
export function EventsBarChart({ buckets, period }: { buckets: readonly EventStatsBucket[]; period: EventStatsPeriod }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const width = buckets.length * (BAR + GAP) - GAP;
  const span = period === "24h" ? "the last 24 hours" : "the last 14 days";
  const label = `${total.toLocaleString("en-US")} events in ${span}${total > 0 ? `, at most ${max.toLocaleString("en-US")} in one ${period === "24h" ? "hour" : "day"}` : ""}`;
  const ticks = [0, Math.floor(buckets.length / 2), buckets.length - 1];
  return (
    <figure className="m-0">
      <div className="flex items-stretch gap-2">
        <div aria-hidden className="flex w-8 shrink-0 flex-col justify-between text-right text-[10px] tabular-nums text-fg-subtle">
          <span>{total === 0 ? "" : max.toLocaleString("en-US")}</span>
          <span>0</span>
        </div>
        <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={label} className="h-32 w-full min-w-0 overflow-visible text-accent">
          <line x1={0} x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-line" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          {buckets.map((bucket, i) => {
            const height = bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * (HEIGHT - 4));
            return (
              <g key={bucket.start}>
                <title>{bucketTitle(bucket, period)}</title>
                {/* The full-height hit area keeps an empty bucket's title reachable on hover. */}
                <rect x={i * (BAR + GAP)} y={0} width={BAR} height={HEIGHT} className="fill-transparent hover:fill-surface-muted" />
                <rect x={i * (BAR + GAP)} y={HEIGHT - height} width={BAR} height={height} rx={1} className="pointer-events-none fill-current" />
              </g>
            );
          })}
        </svg>
      </div>
      <div aria-hidden className="mt-1 ml-10 flex justify-between text-[10px] text-fg-subtle">
        {ticks.map((i) => (buckets[i] ? <span key={i}>{bucketLabel(buckets[i].start, period)}</span> : null))}
      </div>
      <table className="sr-only">
        <caption>Events per {period === "24h" ? "hour" : "day"}, UTC</caption>
        <thead>
          <tr>
            <th scope="col">{period === "24h" ? "Hour" : "Day"}</th>
            <th scope="col">Events</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.start}>
              <td>{bucketTitle(bucket, period).split(" · ")[1]}</td>
              <td>{bucket.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

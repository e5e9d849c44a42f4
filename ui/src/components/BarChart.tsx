// A small bar chart in SVG (no chart library: the Dashboard's two 30-day series need
// no more). Screen readers get the figures as a table; the bars are decoration.
import { useId } from "react";
import { formatNumber } from "@/lib/format";

export interface Bar {
  label: string;
  value: number;
}

export function BarChart({ title, bars, unit, className }: { title: string; bars: Bar[]; unit: string; className?: string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const total = bars.reduce((s, b) => s + b.value, 0);
  const w = 300;
  const h = 100;
  const gap = 2;
  const bw = bars.length ? (w - gap * (bars.length - 1)) / bars.length : 0;
  return (
    <figure className={className} aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`} className="flex items-baseline justify-between gap-2">
        <span className="text-sm font-medium">{title}</span>
        <span className="text-sm text-gray-600 tabular-nums dark:text-gray-400">
          {formatNumber(total)} {unit}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" className="mt-3 h-32 w-full" aria-hidden="true">
        <line x1="0" y1={h - 0.5} x2={w} y2={h - 0.5} className="stroke-gray-200 dark:stroke-gray-800" />
        {bars.map((b, i) => {
          const bh = b.value === 0 ? 0 : Math.max(2, (b.value / max) * (h - 4));
          return (
            <rect key={b.label} x={i * (bw + gap)} y={h - bh} width={bw} height={bh} rx="1" className="fill-brand-500 dark:fill-brand-400">
              <title>{`${b.label}: ${formatNumber(b.value)} ${unit}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-1 flex justify-between text-xs text-gray-600 dark:text-gray-400" aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>{bars[bars.length - 1]?.label}</span>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>{b.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

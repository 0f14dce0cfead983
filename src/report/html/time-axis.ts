/**
 * Time to x for the timeline. Only the time weft was running is drawn: the
 * pause between a stop and a resume (possibly a night) becomes a narrow break,
 * so a resumed run's bars stay readable.
 */
import { formatDuration } from '../../util/duration.js';

export interface TimeAxis {
  /** x of an epoch-ms time, from 0 to `width`. */
  x(time: number): number;
  width: number;
  /** Elapsed running time at each tick. */
  ticks: { x: number; label: string }[];
  /** x of each pause. */
  breaks: number[];
}

interface Span {
  start: number;
  end: number;
  /** x of `start`. */
  x0: number;
}

const NICE_STEPS_MS = [
  100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 86_400_000,
];

export function timeAxis(
  segments: readonly { start: number; end: number }[],
  width: number,
  options: { gap?: number; targetTicks?: number } = {},
): TimeAxis {
  const gap = options.gap ?? 12;
  const segs = segments.length > 0 ? [...segments].sort((a, b) => a.start - b.start) : [{ start: 0, end: 0 }];
  const active = segs.reduce((sum, s) => sum + Math.max(0, s.end - s.start), 0);
  const drawable = Math.max(1, width - gap * (segs.length - 1));
  const scale = active > 0 ? drawable / active : 0;
  const spans: Span[] = [];
  let x0 = 0;
  for (const s of segs) {
    spans.push({ start: s.start, end: Math.max(s.start, s.end), x0 });
    x0 += Math.max(0, s.end - s.start) * scale + gap;
  }
  const x = (time: number): number => {
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      if (time <= s.end || i === spans.length - 1) {
        return Math.min(width, s.x0 + Math.max(0, Math.min(time, s.end) - s.start) * scale);
      }
      if (time < spans[i + 1]!.start) return s.x0 + (s.end - s.start) * scale + gap / 2;
    }
    return 0;
  };
  const ticks = tickMarks(spans, active, scale, gap, options.targetTicks ?? 8);
  return { x, width, ticks, breaks: spans.slice(1).map((s) => s.x0 - gap / 2) };
}

function tickMarks(
  spans: Span[],
  active: number,
  scale: number,
  gap: number,
  target: number,
): { x: number; label: string }[] {
  if (active <= 0) return [{ x: 0, label: '0s' }];
  const step = NICE_STEPS_MS.find((s) => active / s <= target) ?? Math.ceil(active / target);
  const ticks: { x: number; label: string }[] = [];
  for (let elapsed = 0; elapsed <= active; elapsed += step) {
    // Which span holds this much running time, and how many breaks lie before it.
    let before = 0;
    let i = 0;
    while (i < spans.length - 1 && before + (spans[i]!.end - spans[i]!.start) < elapsed) {
      before += spans[i]!.end - spans[i]!.start;
      i++;
    }
    ticks.push({ x: elapsed * scale + i * gap, label: elapsed === 0 ? '0s' : formatDuration(elapsed) });
  }
  return ticks;
}

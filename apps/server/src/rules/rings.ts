/**
 * Day-indexed memory of the warning state without per-day allocations: one slot per bank day
 * modulo 128 (more than the longest window reaches), each stamped with the day it holds. A day
 * older than the slot's is too old to keep; a newer one takes the slot over.
 */
export const RING_DAYS = 128;
const MASK = RING_DAYS - 1;

/** Each day's movements, as runs of four numbers (see `WarningState.days`). */
export type DayRuns = { stamp: Int32Array; runs: (number[] | undefined)[] };

export function newDayRuns(): DayRuns {
  return { stamp: new Int32Array(RING_DAYS).fill(-1), runs: new Array(RING_DAYS) };
}

/** The runs of `day`, if the ring holds it. */
export function runsOf(r: DayRuns, day: number): number[] | undefined {
  const i = day & MASK;
  return r.stamp[i] === day ? r.runs[i] : undefined;
}

/** The runs of `day` to add to (the slot's array reused); undefined when the day is too old to keep. */
export function runsFor(r: DayRuns, day: number): number[] | undefined {
  const i = day & MASK;
  const at = r.stamp[i]!;
  if (at === day) return r.runs[i];
  if (at > day) return undefined;
  r.stamp[i] = day;
  let runs = r.runs[i];
  if (runs) runs.length = 0;
  else {
    runs = [];
    r.runs[i] = runs;
  }
  return runs;
}

/** Forgets the days before `cutoff`. */
export function forgetDaysBefore(r: DayRuns, cutoff: number): void {
  for (let i = 0; i < RING_DAYS; i++)
    if (r.stamp[i]! >= 0 && r.stamp[i]! < cutoff) {
      r.stamp[i] = -1;
      r.runs[i]!.length = 0;
    }
}

/** The days held, oldest first, each with its runs. */
export function dayEntries(r: DayRuns): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (let i = 0; i < RING_DAYS; i++) {
    const runs = r.runs[i];
    if (r.stamp[i]! >= 0 && runs && runs.length > 0) out.push([r.stamp[i]!, runs]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Closing totals by day. A close pushed out of the ring (or forgotten) is kept as `before` when
 * it is the newest such: the days after it carry it forward.
 */
export type Closes = { stamp: Int32Array; value: Float64Array; beforeDay: number; before: number };

export function newCloses(): Closes {
  return {
    stamp: new Int32Array(RING_DAYS).fill(-1),
    value: new Float64Array(RING_DAYS),
    beforeDay: -1,
    before: 0,
  };
}

function keepBefore(c: Closes, day: number, value: number): void {
  if (day > c.beforeDay) {
    c.beforeDay = day;
    c.before = value;
  }
}

export function setClose(c: Closes, day: number, total: number): void {
  const i = day & MASK;
  const at = c.stamp[i]!;
  if (at === day) c.value[i] = total;
  else if (at > day) keepBefore(c, day, total);
  else {
    if (at >= 0) keepBefore(c, at, c.value[i]!);
    c.stamp[i] = day;
    c.value[i] = total;
  }
}

/** The close stored for exactly `day`, if any. */
export function closeAt(c: Closes, day: number): number | undefined {
  const i = day & MASK;
  if (c.stamp[i] === day) return c.value[i];
  return c.beforeDay === day ? c.before : undefined;
}

/** The close of day `day`: the latest close on or before it (days without a change carry it forward). */
export function closeOn(c: Closes, day: number, oldest: number): number | null {
  for (let d = day; d >= oldest; d--) {
    const i = d & MASK;
    if (c.stamp[i] === d) return c.value[i]!;
    if (c.beforeDay === d) return c.before;
  }
  // Quiet for longer than any window: the newest close before, however old.
  let best = -1;
  let value = 0;
  for (let i = 0; i < RING_DAYS; i++) {
    const at = c.stamp[i]!;
    if (at <= day && at > best) {
      best = at;
      value = c.value[i]!;
    }
  }
  if (c.beforeDay >= 0 && c.beforeDay <= day && c.beforeDay > best) return c.before;
  return best < 0 ? null : value;
}

/** Forgets the closes before `cutoff` but the newest of them. */
export function forgetClosesBefore(c: Closes, cutoff: number): void {
  for (let i = 0; i < RING_DAYS; i++) {
    const at = c.stamp[i]!;
    if (at >= 0 && at < cutoff) {
      keepBefore(c, at, c.value[i]!);
      c.stamp[i] = -1;
    }
  }
}

/** The closes held, oldest first, as [day, total, day, total, …] (the one kept from before among them). */
export function closeEntries(c: Closes): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < RING_DAYS; i++) if (c.stamp[i]! >= 0) pairs.push([c.stamp[i]!, c.value[i]!]);
  if (c.beforeDay >= 0 && !pairs.some(([d]) => d === c.beforeDay)) pairs.push([c.beforeDay, c.before]);
  pairs.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [d, v] of pairs) flat.push(d, v);
  return flat;
}

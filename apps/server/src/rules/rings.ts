/**
 * Day-indexed memory of the warning state without per-day allocations: one slot per bank day
 * modulo 128 (more than the longest window reaches), each stamped with the day it holds. A day
 * older than the slot's is too old to keep; a newer one takes the slot over.
 */
export const RING_DAYS = 128;
const MASK = RING_DAYS - 1;

/**
 * Each day's movements, as runs of four numbers (see `WarningState.days`). `prefix` is the text
 * (`daysText`) of every day held before `prefixUpTo`, kept between saves: in a live feed only the
 * newest day changes, so the history is not read and formatted again for every batch.
 */
export type DayRuns = {
  stamp: Int32Array;
  runs: (number[] | undefined)[];
  prefix: string;
  /** -1: no prefix. */
  prefixUpTo: number;
};

export function newDayRuns(): DayRuns {
  return {
    stamp: new Int32Array(RING_DAYS).fill(-1),
    runs: new Array(RING_DAYS),
    prefix: '',
    prefixUpTo: -1,
  };
}

function dropPrefix(r: DayRuns): void {
  r.prefix = '';
  r.prefixUpTo = -1;
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
  if (at > day) return undefined;
  // The caller adds to the day: a day (or one it pushes out) in the kept text makes it wrong.
  if (day < r.prefixUpTo || (at >= 0 && at < r.prefixUpTo)) dropPrefix(r);
  if (at === day) return r.runs[i];
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
      dropPrefix(r);
    }
}

/**
 * Slot indexes of the stamped slots, oldest day first. Without a sort when the days held span
 * less than the ring (as they do once pruned): read in day order from the oldest.
 */
function slotsInOrder(stamp: Int32Array): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = -1;
  for (let i = 0; i < RING_DAYS; i++) {
    const at = stamp[i]!;
    if (at < 0) continue;
    if (at < min) min = at;
    if (at > max) max = at;
  }
  const out: number[] = [];
  if (max < 0) return out;
  if (max - min < RING_DAYS) {
    for (let d = min; d <= max; d++) if (stamp[d & MASK] === d) out.push(d & MASK);
    return out;
  }
  for (let i = 0; i < RING_DAYS; i++) if (stamp[i]! >= 0) out.push(i);
  return out.sort((a, b) => stamp[a]! - stamp[b]!);
}

/** Calls `f` for each day held that has runs, oldest first. */
export function eachDay(r: DayRuns, f: (day: number, runs: number[]) => void): void {
  for (const i of slotsInOrder(r.stamp)) {
    const runs = r.runs[i];
    if (runs && runs.length > 0) f(r.stamp[i]!, runs);
  }
}

/** The days held, oldest first, each with its runs. */
export function dayEntries(r: DayRuns): [number, number[]][] {
  const out: [number, number[]][] = [];
  eachDay(r, (day, runs) => out.push([day, runs]));
  return out;
}

/**
 * `flatDays` as the text of a JSON array's content. The days before the newest are kept as
 * `prefix` for the next save; only days from the old prefix's end on are formatted.
 */
export function daysText(r: DayRuns): string {
  const slots = slotsInOrder(r.stamp);
  if (slots.length === 0) return '';
  const newest = r.stamp[slots[slots.length - 1]!]!;
  let prefix = r.prefix;
  let last = '';
  for (const i of slots) {
    const day = r.stamp[i]!;
    if (day < r.prefixUpTo) continue;
    const runs = r.runs[i];
    if (!runs || runs.length === 0) continue;
    const text = `${day},${runs.length / 4},${runs.join(',')}`;
    if (day === newest) last = text;
    else prefix = prefix === '' ? text : `${prefix},${text}`;
  }
  r.prefix = prefix;
  r.prefixUpTo = newest;
  return prefix === '' ? last : last === '' ? prefix : `${prefix},${last}`;
}

/** The days held, oldest first, flat: day, number of runs, the runs (four numbers each), day, … */
export function flatDays(r: DayRuns): number[] {
  const out: number[] = [];
  eachDay(r, (day, runs) => {
    out.push(day, runs.length / 4);
    for (let k = 0; k < runs.length; k++) out.push(runs[k]!);
  });
  return out;
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
  const flat: number[] = [];
  const slots = slotsInOrder(c.stamp);
  // The close kept from before goes in its place by day, unless a slot holds that day too.
  let pending = c.beforeDay >= 0 && !slots.some((i) => c.stamp[i] === c.beforeDay);
  for (const i of slots) {
    if (pending && c.beforeDay < c.stamp[i]!) {
      flat.push(c.beforeDay, c.before);
      pending = false;
    }
    flat.push(c.stamp[i]!, c.value[i]!);
  }
  if (pending) flat.push(c.beforeDay, c.before);
  return flat;
}

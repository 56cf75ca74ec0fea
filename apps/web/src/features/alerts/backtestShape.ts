import dayjs from 'dayjs';

/** Beyond this many days the chart shows only the days with hits, not every day of the range. */
const MAX_FILLED_DAYS = 731;

/** Every day from `from` to `to` with its alerts (0 when none), or only the hit days of a long range. */
export function hitsByDay(
  hits: { day: string; alerts: number }[],
  from: string,
  to: string,
): { days: string[]; alerts: number[] } {
  const start = dayjs(from);
  const span = dayjs(to).diff(start, 'day');
  if (span < 0 || span > MAX_FILLED_DAYS)
    return { days: hits.map((h) => h.day), alerts: hits.map((h) => h.alerts) };
  const on = new Map(hits.map((h) => [h.day, h.alerts]));
  const days: string[] = [];
  for (let i = 0; i <= span; i++) days.push(start.add(i, 'day').format('YYYY-MM-DD'));
  return { days, alerts: days.map((day) => on.get(day) ?? 0) };
}

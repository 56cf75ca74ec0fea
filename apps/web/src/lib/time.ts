import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The bank's zone: every instant on screen is shown in it, whatever the browser's zone. */
export const BANK_ZONE = 'Asia/Shanghai';

export function formatInstant(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const at = dayjs(iso);
  if (!at.isValid()) return iso;
  return at.tz(BANK_ZONE).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

/** A calendar date (`YYYY-MM-DD`) is shown as written: it has no zone. */
export function formatDate(value: string | null | undefined): string {
  return value ?? '';
}

/** Today in the bank's zone, as `YYYY-MM-DD`. */
export function todayInBank(): string {
  return dayjs().tz(BANK_ZONE).format('YYYY-MM-DD');
}

export function toIsoDate(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

export function fromIsoDate(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value, 'YYYY-MM-DD') : undefined;
}

/** Older than a year: the fact should be confirmed again. */
export function isStale(asOf: string, today: string = todayInBank()): boolean {
  return dayjs(today).diff(dayjs(asOf), 'day') > 365;
}

export function setDayjsLocale(lang: 'zh' | 'en'): void {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}

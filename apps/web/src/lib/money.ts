import type { Money } from '@dossier/contract';

/** Minor units per 万元 (ten thousand yuan) for CNY: 10,000 yuan × 100 fen. */
const MINOR_PER_WAN = 1_000_000;
const MINOR_PER_MAJOR = 100;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Integer minor units divided by a power of ten, rounded half up, as text with `decimals` places. */
function scaled(minor: number, divisor: number, decimals: number): string {
  const step = divisor / 10 ** decimals;
  const units = Math.round(minor / step);
  const whole = Math.floor(units / 10 ** decimals);
  const fraction = String(units % 10 ** decimals).padStart(decimals, '0');
  return decimals > 0 ? `${groupThousands(String(whole))}.${fraction}` : groupThousands(String(whole));
}

/**
 * CNY amounts of 10,000 yuan or more are shown in 万元 as bankers read them (`1,250.00万元`),
 * smaller ones in 元 (`8,500.00元`). Other currencies keep their code.
 */
export function formatMoney(money: Money | null | undefined, lang: 'zh' | 'en'): string {
  if (!money) return '';
  if (money.currency !== 'CNY') return `${money.currency} ${scaled(money.minor, MINOR_PER_MAJOR, 2)}`;
  if (lang === 'en') return `¥${scaled(money.minor, MINOR_PER_MAJOR, 2)}`;
  if (money.minor >= MINOR_PER_WAN) return `${scaled(money.minor, MINOR_PER_WAN, 2)}万元`;
  return `${scaled(money.minor, MINOR_PER_MAJOR, 2)}元`;
}

/** Minor units as a 万元 figure for an input box (`12500000` → `"12.5"`). */
export function minorToWanText(minor: number): string {
  const whole = Math.floor(minor / MINOR_PER_WAN);
  const rest = String(minor % MINOR_PER_WAN)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : String(whole);
}

/** A typed 万元 figure (`"12.5"`) in CNY minor units, exactly, without floating point. */
export function wanTextToMinor(text: string): number | null {
  const match = /^\s*(\d+)(?:\.(\d{0,6}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  const minor = whole * MINOR_PER_WAN + fraction;
  return Number.isSafeInteger(minor) ? minor : null;
}

/** A typed yuan figure (`"1500000.5"`, `"1,500,000"`) in CNY minor units, exactly, without floating point. */
export function yuanTextToMinor(text: string): number | null {
  const match = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match?.[1]) return null;
  const whole = Number(match[1].replaceAll(',', ''));
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * MINOR_PER_MAJOR + fraction;
  return Number.isSafeInteger(minor) ? minor : null;
}

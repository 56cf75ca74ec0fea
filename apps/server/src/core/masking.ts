/** Masks for display. Each keeps just enough for a person to recognise the value. */

/** `110101199003071234` → `110***********1234`. */
export function maskIdNumber(v: string): string {
  if (v.length <= 7) return `${v.slice(0, 1)}${'*'.repeat(Math.max(v.length - 2, 1))}${v.slice(-1)}`;
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

/** `13812345678` → `138****5678`; landlines keep area code and last 4. */
export function maskPhone(v: string): string {
  if (v.length < 8) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(v: string): string {
  const at = v.indexOf('@');
  if (at <= 0) return '***';
  return `${v.slice(0, 1)}***${v.slice(at)}`;
}

/** Addresses keep the first 6 characters (province and city), the rest is hidden. */
export function maskAddress(v: string): string {
  return `${[...v].slice(0, 6).join('')}****`;
}

export const MASKED = '***';

/**
 * A client's name as shown to someone outside their scope: `张**`, `北京****公司`. Enough to tell
 * a person from a company, not enough to identify either.
 */
export function maskName(kind: 'individual' | 'corporate', name: string): string {
  const chars = [...name];
  if (kind === 'individual') return `${chars[0] ?? ''}${'*'.repeat(Math.max(chars.length - 1, 1))}`;
  if (chars.length <= 4) return `${chars[0] ?? ''}***`;
  return `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`;
}

/** `6222021234567890123` → `6222***********0123`; short numbers keep only the last 4. */
export function maskAccountNo(v: string): string {
  if (v.length >= 12) return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
  return `${'*'.repeat(Math.max(v.length - 4, 2))}${v.slice(-4)}`;
}

/**
 * A transaction counterparty's name, whose kind is unknown: short names are read as a person's
 * (`王**`), longer ones as a company's (`上海****公司`).
 */
export function maskCounterpartyName(name: string): string {
  return maskName([...name].length <= 4 ? 'individual' : 'corporate', name);
}

import { IncomeBand } from '@dossier/contract';
import type { Dictionary } from '../../i18n/zh.ts';

/** An income band code (`300k_1m`) as words; anything else (a masked value) as it came. */
export function incomeBandLabel(t: Dictionary, value: string): string {
  const band = IncomeBand.safeParse(value);
  return band.success ? t.enums.incomeBand[band.data] : value;
}

/** Masked values come back with asterisks in them (`138****5678`). */
export function looksMasked(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.includes('*');
}

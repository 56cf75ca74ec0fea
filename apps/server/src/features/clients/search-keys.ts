import { pinyin } from 'pinyin-pro';

/**
 * Search keys of a client name: full pinyin without tones or spaces, and initials.
 * Surnames use their surname reading (单 → shan, 曾 → zeng). Latin letters and digits are kept
 * whole, lower-cased. Example: 张三 → { pinyin: 'zhangsan', initials: 'zs' }.
 */
export function nameSearchKeys(name: string): { pinyin: string; initials: string } {
  const parts = pinyin(name, {
    toneType: 'none',
    type: 'all',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  });
  let full = '';
  let initials = '';
  for (const p of parts) {
    const token = (p.isZh ? p.pinyin : p.origin).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (!token) continue;
    full += token;
    initials += p.isZh ? token[0] : token;
  }
  return { pinyin: full, initials };
}

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

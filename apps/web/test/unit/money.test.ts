import { describe, expect, it } from 'vitest';
import { formatMoney, minorToWanText, wanTextToMinor, yuanTextToMinor } from '../../src/lib/money.ts';

describe('formatMoney', () => {
  it.each([
    [{ minor: 11_800_000_000, currency: 'CNY' }, 'zh', '11,800.00万元'],
    [{ minor: 1_000_000, currency: 'CNY' }, 'zh', '1.00万元'],
    [{ minor: 999_999, currency: 'CNY' }, 'zh', '9,999.99元'],
    [{ minor: 12_345_678_901, currency: 'CNY' }, 'zh', '12,345.68万元'],
    [{ minor: 5, currency: 'CNY' }, 'zh', '0.05元'],
    [{ minor: 11_800_000_000, currency: 'CNY' }, 'en', '¥118,000,000.00'],
    [{ minor: 123_456, currency: 'USD' }, 'zh', 'USD 1,234.56'],
  ] as const)('%o in %s is %s', (money, lang, expected) => {
    expect(formatMoney(money, lang)).toBe(expected);
  });

  it('shows nothing for a missing amount', () => {
    expect(formatMoney(null, 'zh')).toBe('');
  });
});

describe('万元 figures typed into a form', () => {
  it.each([
    ['12.5', 12_500_000],
    ['11800', 11_800_000_000],
    ['0.000001', 1],
    [' 3 ', 3_000_000],
  ])('%s 万元 is %i fen', (text, minor) => {
    expect(wanTextToMinor(text)).toBe(minor);
  });

  it.each(['', 'abc', '-1', '1.2345678', '1e5'])('refuses %o', (text) => {
    expect(wanTextToMinor(text)).toBeNull();
  });

  it('round-trips through the text shown in the input', () => {
    for (const minor of [0, 1, 12_500_000, 11_800_000_000, 474_300_000_123]) {
      expect(wanTextToMinor(minorToWanText(minor))).toBe(minor);
    }
  });
});

describe('yuan figures typed into a form', () => {
  it.each([
    ['5000000', 500_000_000],
    ['1500000.5', 150_000_050],
    ['0.01', 1],
    ['1,500,000.00', 150_000_000],
    [' 12 ', 1_200],
  ])('%s 元 is %i fen', (text, minor) => {
    expect(yuanTextToMinor(text)).toBe(minor);
  });

  it.each(['', 'abc', '-1', '1.001', '1e5', '1,50,000', '99999999999999999'])('refuses %o', (text) => {
    expect(yuanTextToMinor(text)).toBeNull();
  });
});

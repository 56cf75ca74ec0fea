import { describe, expect, it } from 'vitest';
import {
  isIndustryCode,
  isMainlandMobile,
  residentIdCheckChar,
  residentIdFacts,
  residentIdProblem,
  usccCheckChar,
  usccProblem,
} from '../src/validators.ts';

const TODAY = new Date('2026-11-29T00:00:00Z');

describe('resident ID numbers (GB 11643)', () => {
  // 11010519491231002X is the worked example in GB 11643-1999 itself.
  it.each([
    ['11010519491231002X', null],
    ['110105194912310021', 'check digit does not match (GB 11643)'],
    ['11010519491331002X', 'contains an impossible birth date'],
    ['110105194902300027', 'contains an impossible birth date'],
    ['11010530001231002X', 'contains a birth date in the future'],
    ['11010519491231002x', 'must be 17 digits followed by a digit or X'],
    ['1101051949123100', 'must be 17 digits followed by a digit or X'],
    ['', 'must be 17 digits followed by a digit or X'],
  ])('%s → %s', (value, expected) => {
    const problem = residentIdProblem(value, TODAY);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toBe(expected);
  });

  it('computes the check character by the weights of the standard', () => {
    // 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 mod 11 = 2 → X
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('reads birth date and gender (odd 17th digit = male)', () => {
    expect(residentIdFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'female' });
    const male = `11010519800101001${residentIdCheckChar('11010519800101001')}`;
    expect(residentIdFacts(male)).toEqual({ birthDate: '1980-01-01', gender: 'male' });
  });

  it('leap days are real only in leap years', () => {
    const leap = `11010520000229001`;
    expect(residentIdProblem(leap + residentIdCheckChar(leap), TODAY)).toBeNull();
    const notLeap = `11010519990229001`;
    expect(residentIdProblem(notLeap + residentIdCheckChar(notLeap), TODAY)).toBe(
      'contains an impossible birth date',
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it.each([
    ['91350100M000100Y43', null],
    ['91350100M000100Y44', 'check character does not match (GB 32100)'],
    ['91350100M000100YI3', 'must be 18 characters: digits and capital letters except I, O, S, V, Z'],
    ['9135010', 'must be 18 characters: digits and capital letters except I, O, S, V, Z'],
  ])('%s → %s', (value, expected) => {
    expect(usccProblem(value)).toBe(expected);
  });

  it('check character is the complement mod 31 of the weighted sum', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });
});

describe('mobile numbers and industry codes', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['138123456789', false],
    ['+8613812345678', false],
  ])('mobile %s → %s', (v, ok) => expect(isMainlandMobile(v)).toBe(ok));

  it.each([
    ['C', true],
    ['C39', true],
    ['I6510', true],
    ['J662', true],
    ['Z12', false],
    ['C3', false],
    ['39', false],
  ])('industry %s → %s', (v, ok) => expect(isIndustryCode(v)).toBe(ok));
});

/**
 * Identifier validators a bank expects. Pure functions, shared by server and web.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Why a resident ID number is invalid, or null when it is valid (18 chars, real birth date, check char). */
export function residentIdProblem(value: string, today: Date = new Date()): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'must be 17 digits followed by a digit or X';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1900) {
    return 'contains an impossible birth date';
  }
  if (birth.getTime() > today.getTime()) return 'contains a birth date in the future';
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return 'check digit does not match (GB 11643)';
  return null;
}

/** Birth date (YYYY-MM-DD) and gender encoded in a valid resident ID number. */
export function residentIdFacts(value: string): { birthDate: string; gender: 'male' | 'female' } {
  return {
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character of the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Why a unified social credit code is invalid, or null when valid. */
export function usccProblem(value: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return 'must be 18 characters: digits and capital letters except I, O, S, V, Z';
  }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return 'check character does not match (GB 32100)';
  return null;
}

/** Mainland China mobile number: 11 digits starting 13–19. */
export function isMainlandMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** GB/T 4754-2017 industry code: a section letter, optionally followed by 2–4 digits. */
export function isIndustryCode(value: string): boolean {
  return /^[A-T](\d{2}(\d{1,2})?)?$/.test(value);
}

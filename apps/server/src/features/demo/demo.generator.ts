import { INCOME_BANDS, type Money, residentIdCheckChar, usccCheckChar } from '@dossier/contract';
import type { Profile } from '../clients/clients.profile.ts';
import {
  COMPANY_CITIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  CONTACT_ROLES,
  EMPLOYERS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INDUSTRIES,
  MOBILE_PREFIXES,
  OCCUPATIONS,
  REGIONS,
  ROADS,
  SURNAMES,
  TAGS,
} from './demo.data.ts';

/** mulberry32: a small, fast, seedable PRNG. The same seed gives the same bank. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** Picks by weight; `weights` need not sum to 1. */
    weighted: <T>(xs: readonly T[], weights: readonly number[]): T => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < xs.length; i++) {
        r -= weights[i]!;
        if (r < 0) return xs[i]!;
      }
      return xs[xs.length - 1]!;
    },
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof createRng>;

const TIER_WEIGHTS = {
  tiers: ['private', 'diamond', 'platinum', 'gold', 'standard'] as const,
  weights: [2, 8, 15, 30, 45],
};
const STATUS_WEIGHTS = {
  statuses: ['active', 'prospect', 'dormant', 'closed'] as const,
  weights: [80, 8, 10, 2],
};
const USCC_ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function daysBefore(now: Date, days: number): string {
  return isoDate(new Date(now.getTime() - days * 86_400_000));
}

function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

export type DemoIndividual = { profile: Profile };
export type DemoCorporate = {
  profile: Profile;
  contacts: { name: string; role: string; phone: string; email: string | null }[];
};

/** A person with a valid resident ID number whose birth date and gender agree with the profile. */
export function generateIndividual(rng: Rng, now: Date, takenIds: Set<string>): DemoIndividual {
  const male = rng.chance(0.52);
  const surname = rng.weighted(
    SURNAMES,
    SURNAMES.map((_, i) => 1 / (i + 5)),
  );
  const name = surname + rng.pick(male ? GIVEN_MALE : GIVEN_FEMALE);
  const [region, city, district] = rng.pick(REGIONS);
  let idNumber = '';
  let birthDate = '';
  do {
    const birth = new Date(Date.UTC(rng.int(1950, 2002), rng.int(0, 11), rng.int(1, 28)));
    birthDate = isoDate(birth);
    const seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
    const first17 = region + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
    idNumber = first17 + residentIdCheckChar(first17);
  } while (takenIds.has(idNumber));
  takenIds.add(idNumber);
  const tier = rng.weighted(TIER_WEIGHTS.tiers, TIER_WEIGHTS.weights);
  const income =
    tier === 'private'
      ? 'gt_5m'
      : tier === 'diamond'
        ? rng.pick(['1m_5m', 'gt_5m'] as const)
        : rng.pick(INCOME_BANDS.slice(0, 3));
  const hasEmail = rng.chance(0.7);
  return {
    profile: {
      name,
      gender: male ? 'male' : 'female',
      birthDate,
      idType: 'resident_id',
      idNumber,
      mobile: mobile(rng),
      email: hasEmail ? `client${rng.int(10_000, 99_999_999)}@example.com` : null,
      address: `${city}${district}${rng.pick(ROADS)}${rng.int(1, 999)}号${rng.int(1, 30)}栋${rng.int(101, 2802)}室`,
      occupation: rng.pick(OCCUPATIONS),
      employer: rng.pick(EMPLOYERS),
      annualIncomeBand: income,
      maritalStatus: rng.weighted(['married', 'single', 'divorced', 'widowed'] as const, [65, 25, 7, 3]),
      education: rng.weighted(
        ['bachelor', 'master', 'associate', 'high_school', 'doctorate'] as const,
        [40, 20, 20, 12, 8],
      ),
      riskTolerance: rng.weighted(['C1', 'C2', 'C3', 'C4', 'C5'] as const, [10, 25, 35, 20, 10]),
      riskAssessedOn: daysBefore(now, rng.int(10, 700)),
      kycRiskRating: rng.weighted(['low', 'medium', 'high'] as const, [60, 30, 10]),
      tier,
      status: rng.weighted(STATUS_WEIGHTS.statuses, STATUS_WEIGHTS.weights),
      tags: rng.chance(0.6) ? [rng.pick(TAGS)] : [],
    },
  };
}

/** A company with a valid unified social credit code and one to three contacts. */
export function generateCorporate(rng: Rng, now: Date, takenCodes: Set<string>): DemoCorporate {
  const [industryWord, industryCode] = rng.pick(INDUSTRIES);
  const name = `${rng.pick(COMPANY_CITIES)}${rng.pick(COMPANY_WORDS)}${industryWord}${rng.pick(COMPANY_SUFFIXES)}`;
  let creditCode = '';
  do {
    let org = '';
    for (let i = 0; i < 9; i++) org += USCC_ORG_CHARS[rng.int(0, 30)];
    const first17 = `91${rng.pick(REGIONS)[0]}${org}`;
    creditCode = first17 + usccCheckChar(first17);
  } while (takenCodes.has(creditCode));
  takenCodes.add(creditCode);
  const capital: Money = { minor: rng.int(1, 500) * 1_000_000 * 100, currency: 'CNY' };
  const revenue: Money = { minor: rng.int(5, 5000) * 1_000_000 * 100, currency: 'CNY' };
  const contacts = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
    name: rng.pick(SURNAMES) + rng.pick(rng.chance(0.5) ? GIVEN_MALE : GIVEN_FEMALE),
    role: CONTACT_ROLES[i] ?? rng.pick(CONTACT_ROLES),
    phone: mobile(rng),
    email: rng.chance(0.5) ? `contact${rng.int(1000, 9_999_999)}@example.com` : null,
  }));
  return {
    profile: {
      name,
      creditCode,
      industryCode,
      registeredCapital: capital,
      foundedOn: daysBefore(now, rng.int(400, 9000)),
      legalRepresentative:
        contacts.find((c) => c.role === '法定代表人')?.name ?? rng.pick(SURNAMES) + rng.pick(GIVEN_MALE),
      annualRevenue: revenue,
      employees: rng.int(10, 20_000),
      listedStatus: rng.weighted(['unlisted', 'listed_a', 'neeq', 'listed_hk'] as const, [85, 7, 5, 3]),
      creditRating: rng.weighted(
        ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC'] as const,
        [5, 15, 25, 30, 15, 7, 3],
      ),
      kycRiskRating: rng.weighted(['low', 'medium', 'high'] as const, [50, 35, 15]),
      tier: rng.weighted(TIER_WEIGHTS.tiers, TIER_WEIGHTS.weights),
      status: rng.weighted(STATUS_WEIGHTS.statuses, STATUS_WEIGHTS.weights),
      tags: [],
    },
    contacts,
  };
}

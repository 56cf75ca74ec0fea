import type {
  AccountBatch,
  AccountKind,
  LoanClassification,
  RiskTolerance,
  Tier,
  TransactionCategory,
  TransactionChannel,
  TransactionDirection,
  TransactionItem,
} from '@dossier/contract';
import { addDays, bankDayStart, sideOf, bankToday } from '../../finance/ledger.ts';
import {
  COMPANY_CITIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INDUSTRIES,
  SURNAMES,
} from './demo.data.ts';
import { type Rng, createRng } from './demo.generator.ts';
import {
  BILLS,
  CORPORATE_PRODUCTS,
  MERCHANTS,
  OTHER_BANK_PREFIXES,
  PAYMENT_APPS,
  PRODUCTS,
  type Product,
  SPRING_FESTIVALS,
} from './demo.money.data.ts';

/**
 * A demo client's money: accounts and holdings for everyone, and for some two years of
 * transactions ending today, day by day, with the rhythms of a bank's book (salary on a fixed day,
 * rent or mortgage, card spending by merchant with weekly and seasonal swings, investment cycles,
 * loan repayments, interest and fees; for companies payroll, suppliers, customers, tax and the
 * year-end and Spring Festival peaks). Pure and deterministic: the same seed and client give the
 * same money, whoever else is generated.
 */

export type MoneyClient = Readonly<{
  id: number;
  kind: 'individual' | 'corporate';
  name: string;
  tier: Tier;
  riskTolerance: RiskTolerance | null;
  employer: string | null;
  annualRevenueMinor: number | null;
  employees: number | null;
}>;

/** What a warning-story client's money shows in its last 60 days. */
export const WARNING_STORIES = [
  'balance_drain',
  'salary_stopped',
  'loan_arrears',
  'credit_line_maxed',
] as const;
export type WarningStory = (typeof WARNING_STORIES)[number];

export type DemoAccount = AccountBatch['accounts'][number];
export type DemoMoney = { accounts: DemoAccount[]; transactions: TransactionItem[] };

export const DEMO_SOURCE = 'core_banking';
const DAY_MS = 86_400_000;
/** Two years: the window of transactions ends today. */
export const DEMO_WINDOW_DAYS = 730;

type Acc = {
  def: DemoAccount;
  balance: number;
  /** The balance at the window's start (or at opening, when opened inside it). */
  opening: number;
  /** The account exists before the window: its balance is stated at the window's start. */
  stated: boolean;
};

/** One RNG per client, mixed from the bank's seed and the client id. */
export function clientRng(seed: number, clientId: number): Rng {
  return createRng((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(clientId, 0x85ebca6b)) >>> 0);
}

/**
 * Picks the warning-story clients: about 1 in 200 (at least one per story kind the clients allow,
 * at most 100),
 * chosen by a hash of the seed and id, so the same bank has the same stories.
 */
export function pickStories(seed: number, clients: readonly MoneyClient[]): Map<number, WarningStory> {
  const count = Math.max(WARNING_STORIES.length, Math.min(100, Math.round(clients.length / 200)));
  const ordered = [...clients].sort(
    (a, b) => clientRng(seed + 1, a.id).next() - clientRng(seed + 1, b.id).next() || a.id - b.id,
  );
  const out = new Map<number, WarningStory>();
  for (let i = 0; out.size < Math.min(count, clients.length) && i < count * 4; i++) {
    const story = WARNING_STORIES[i % WARNING_STORIES.length]!;
    const fits = (c: MoneyClient) =>
      !out.has(c.id) &&
      (story === 'salary_stopped'
        ? c.kind === 'individual'
        : story === 'credit_line_maxed'
          ? c.kind === 'corporate'
          : true);
    const c = ordered.find(fits);
    if (c) out.set(c.id, story);
  }
  return out;
}

const TIER_SCALE: Record<Tier, number> = { private: 40, diamond: 12, platinum: 4, gold: 1.5, standard: 0.3 };

function yuan(rng: Rng, min: number, max: number): number {
  return rng.int(min * 100, max * 100);
}

function personName(rng: Rng): string {
  return rng.pick(SURNAMES.slice(0, 80)) + rng.pick(rng.chance(0.5) ? GIVEN_MALE : GIVEN_FEMALE);
}

function companyName(rng: Rng): string {
  return `${rng.pick(COMPANY_CITIES)}${rng.pick(COMPANY_WORDS)}${rng.pick(INDUSTRIES)[0]}${rng.pick(COMPANY_SUFFIXES)}`;
}

function otherBankAccount(rng: Rng): string {
  return `${rng.pick(OTHER_BANK_PREFIXES)}${String(rng.int(0, 999_999_999)).padStart(9, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
}

/** The day `months` calendar months after `day` (the day of month capped at 28). */
function plusMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, Math.min(d, 28)));
  return t.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Monthly payment of an annuity loan, in minor units. */
function annuity(principal: number, rateBp: number, months: number): number {
  const r = rateBp / 10_000 / 12;
  return Math.round((principal * r) / (1 - (1 + r) ** -months));
}

/** Outstanding principal of an annuity loan after `paid` monthly payments. */
function outstandingAfter(principal: number, rateBp: number, months: number, paid: number): number {
  const r = rateBp / 10_000 / 12;
  const pay = annuity(principal, rateBp, months);
  return Math.max(0, Math.round(principal * (1 + r) ** paid - (pay * ((1 + r) ** paid - 1)) / r));
}

const RISK_RANK = { R1: 1, R2: 2, R3: 3, R4: 4, R5: 5 } as const;
const TOLERANCE_RANK = { C1: 1, C2: 2, C3: 3, C4: 4, C5: 5 } as const;

/** Spending intensity of a day: weekends, Double Eleven, 618, golden week, the Spring Festival run-up. */
const spendFactors = new Map<string, number>();
function spendFactor(day: string): number {
  const hit = spendFactors.get(day);
  if (hit !== undefined) return hit;
  const f = spendFactorOf(day);
  spendFactors.set(day, f);
  return f;
}
function spendFactorOf(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  let f = dow === 0 || dow === 6 ? 1.5 : 1;
  const md = day.slice(5);
  if (md >= '11-01' && md <= '11-11') f *= 1.9;
  else if (md >= '06-01' && md <= '06-18') f *= 1.4;
  else if (md >= '10-01' && md <= '10-07') f *= 1.6;
  else if (md >= '12-20' || md <= '01-01') f *= 1.3;
  for (const sf of SPRING_FESTIVALS) {
    const d = daysBetween(sf, day);
    if (d >= -20 && d < 0) f *= 1.7;
    else if (d >= 0 && d <= 6) f *= 0.8;
  }
  return f;
}

/** Business activity of a day for a company: year-end and quarter-end peaks, the holiday pause. */
const businessFactors = new Map<string, number>();
function businessFactor(day: string): number {
  const hit = businessFactors.get(day);
  if (hit !== undefined) return hit;
  const f = businessFactorOf(day);
  businessFactors.set(day, f);
  return f;
}
function businessFactorOf(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (dow === 0 || dow === 6) return 0.15;
  let f = 1;
  const month = day.slice(5, 7);
  if (month === '12') f *= 1.45;
  else if (month === '01') f *= 1.2;
  else if (month === '03' || month === '06' || month === '09') f *= 1.12;
  for (const sf of SPRING_FESTIVALS) {
    const d = daysBetween(sf, day);
    if (d >= -3 && d <= 7) f *= 0.1;
    else if (d >= -25 && d < -3) f *= 1.35;
  }
  return f;
}

/** The last payday (the `dom`-th) before the Spring Festival of `day`'s season, if `day` is it. */
function isPreFestivalPayday(day: string): boolean {
  return SPRING_FESTIVALS.some((sf) => {
    const d = daysBetween(day, sf);
    return d > 0 && d <= 31;
  });
}

export function generateMoney(
  seed: number,
  c: MoneyClient,
  now: Date,
  opts: { transactions: boolean; story: WarningStory | null },
): DemoMoney {
  const rng = clientRng(seed, c.id);
  const today = bankToday(now);
  const start = addDays(today, -DEMO_WINDOW_DAYS);
  const startAt = bankDayStart(start);
  const nowMs = now.getTime();
  const accounts: Acc[] = [];
  const out: TransactionItem[] = [];
  let seq = 0;
  let clock = 0;
  // What happens on a later day (an opening, a rollover) waits for the day's turn, so booking
  // times rise with the simulation.
  const agenda = new Map<string, (() => unknown)[]>();
  const later = (day: string, f: () => unknown) => {
    if (opts.transactions) agenda.set(day, [...(agenda.get(day) ?? []), f]);
  };
  const dayStarts = (day: string) => {
    for (const f of agenda.get(day) ?? []) f();
    agenda.delete(day);
  };
  const story = opts.story;

  const open = (
    kind: AccountKind,
    productName: string,
    openedOn: string,
    balance: number,
    terms: Partial<DemoAccount> = {},
  ): Acc => {
    const k = accounts.length;
    const prefix = {
      demand_deposit: '6222',
      time_deposit: '6223',
      loan: '8101',
      investment: '9558',
      credit_card: '6258',
      credit_facility: '7701',
    }[kind];
    const accountNo = `${prefix}${String(c.id).padStart(10, '0')}${String(k).padStart(2, '0')}`;
    const stated = openedOn < start;
    const a: Acc = {
      def: {
        clientId: c.id,
        kind,
        productName,
        accountNo,
        currency: 'CNY',
        status: 'active',
        openedOn,
        externalId: `ACC-${accountNo}`,
        ...terms,
      },
      balance: stated || !opts.transactions ? balance : 0,
      opening: stated || !opts.transactions ? balance : 0,
      stated,
    };
    accounts.push(a);
    return a;
  };

  /** Books a transaction at `minute` past midnight (bank time) on `day`; false if it cannot be (overdraft, future). */
  const book = (
    a: Acc,
    day: string,
    minute: number,
    amount: number,
    direction: TransactionDirection,
    category: TransactionCategory,
    channel: TransactionChannel,
    extra: { mcc?: string; name?: string; account?: string; description?: string } = {},
  ): boolean => {
    if (!opts.transactions || amount <= 0 || day < a.def.openedOn) return false;
    let ms = Date.parse(bankDayStart(day)) + minute * 60_000 + rng.int(0, 59_999);
    // Booking times follow the order money moves in, so every balance-after is the balance then.
    if (ms <= clock) ms = clock + rng.int(1_000, 90_000);
    if (ms > nowMs - 60_000) return false;
    const sign = sideOf(a.def.kind) === 'asset' ? 1 : -1;
    const change = direction === 'credit' ? sign * amount : -sign * amount;
    // Deposits and holdings never go below zero, nor does what a client owes.
    if (a.balance + change < 0) return false;
    a.balance += change;
    clock = ms;
    seq += 1;
    const bookedAt = new Date(ms).toISOString();
    out.push({
      externalId: `${day.replaceAll('-', '')}-${String(c.id).padStart(8, '0')}-${String(seq).padStart(5, '0')}`,
      accountNo: a.def.accountNo,
      bookedAt,
      amountMinor: amount,
      direction,
      currency: 'CNY',
      channel,
      category,
      ...(extra.mcc ? { merchantCategory: extra.mcc } : {}),
      ...(extra.name ? { counterpartyName: extra.name } : {}),
      ...(extra.account ? { counterpartyAccount: extra.account } : {}),
      balanceAfterMinor: a.balance,
      ...(extra.description ? { description: extra.description } : {}),
    });
    return true;
  };
  /** Money between two of the client's own accounts: both legs, or neither. */
  const move = (
    from: Acc,
    to: Acc,
    day: string,
    minute: number,
    amount: number,
    fromCategory: TransactionCategory,
    toCategory: TransactionCategory,
    description: string,
  ): boolean => {
    const before = { from: from.balance, to: to.balance, n: out.length };
    if (!book(from, day, minute, amount, 'debit', fromCategory, 'online', { description })) return false;
    if (!book(to, day, minute, amount, 'credit', toCategory, 'online', { description })) {
      from.balance = before.from;
      to.balance = before.to;
      out.length = before.n;
      return false;
    }
    return true;
  };

  const scale = TIER_SCALE[c.tier] * (0.6 + rng.next());
  if (c.kind === 'individual') individual();
  else corporate();

  // Terms that describe the present (market value, used limit, arrears) were filled in by the
  // simulation; a balance stated at the window's start is the ledger's word then.
  const defs = accounts.map((a) => {
    const d = { ...a.def };
    if (!opts.transactions) {
      d.balanceMinor = a.balance;
      d.balanceAsOf = d.openedOn < start ? startAt : bankDayStart(d.openedOn);
    } else if (a.stated) {
      d.balanceMinor = a.opening;
      d.balanceAsOf = startAt;
    }
    return d;
  });
  out.sort((x, y) => (x.bookedAt < y.bookedAt ? -1 : x.bookedAt > y.bookedAt ? 1 : 0));
  return { accounts: defs, transactions: out };

  // ---------------------------------------------------------------- individuals

  function individual() {
    const salaried = story === 'salary_stopped' || rng.chance(0.85);
    const salary = Math.round(yuan(rng, 6000, 14_000) * Math.max(1, scale * 0.9));
    const payday = rng.pick([5, 10, 15, 25]);
    const employer = c.employer && c.employer !== '个体经营' ? c.employer : companyName(rng);
    const employerAccount = `1101${String(rng.int(0, 1e9)).padStart(9, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    const wealth = Math.round(yuan(rng, 20_000, 60_000) * scale * 5);

    const demand = open(
      'demand_deposit',
      '个人活期储蓄',
      addDays(start, -rng.int(200, 4000)),
      Math.round(wealth * 0.25) + salary * 2,
      { rateBp: 10 },
    );
    // Time deposits: platinum and above, some gold.
    const nTime = c.tier === 'standard' ? 0 : c.tier === 'gold' ? (rng.chance(0.5) ? 1 : 0) : rng.int(1, 3);
    for (let i = 0; i < nTime; i++) {
      const term = rng.pick([12, 24, 36]);
      const rateBp = term === 12 ? 135 : term === 24 ? 145 : 175;
      const openedOn = addDays(today, -rng.int(20, term * 30 - 20));
      const principal = Math.round((wealth * 0.25) / nTime / 1_000_000) * 1_000_000 || 5_000_000;
      const td = open('time_deposit', `整存整取${term / 12}年`, openedOn, principal, {
        rateBp,
        principalMinor: principal,
        termMonths: term,
        maturityOn: plusMonths(openedOn, term),
      });
      if (!td.stated)
        later(openedOn, () =>
          book(td, openedOn, 600, principal, 'credit', 'transfer_in', 'counter', {
            name: c.name,
            account: otherBankAccount(rng),
            description: '他行转入 存入定期',
          }),
        );
    }
    // Investments matched to the client's risk tolerance.
    const tolerance = TOLERANCE_RANK[c.riskTolerance ?? 'C2'];
    const suitable = PRODUCTS.filter((p) => RISK_RANK[p.risk] <= tolerance);
    const nInv = c.tier === 'standard' ? (rng.chance(0.3) ? 1 : 0) : rng.int(1, Math.min(4, suitable.length));
    const holdings = pickDistinct(suitable, nInv).map((p) =>
      openHolding(p, Math.round((wealth * 0.5) / Math.max(1, nInv))),
    );

    // A mortgage (or a consumer loan), else rent.
    // A mortgage the salary can carry: the monthly payment is a quarter to two fifths of it.
    const mortgageTerm = rng.pick([240, 300, 360]);
    const mortgageRate = rng.int(310, 390);
    const affordable = (salary * (0.25 + rng.next() * 0.15)) / annuity(1_000_000, mortgageRate, mortgageTerm);
    const mortgage =
      story === 'loan_arrears' || (c.tier !== 'standard' ? rng.chance(0.35) : rng.chance(0.15))
        ? openLoan(
            '个人住房贷款',
            Math.round(affordable) * 1_000_000,
            mortgageTerm,
            mortgageRate,
            rng.int(400, 3000),
          )
        : null;
    const consumer = rng.chance(0.1)
      ? openLoan(
          '个人消费贷款',
          Math.round(yuan(rng, 100_000, 300_000) / 100_000) * 100_000,
          36,
          rng.int(360, 450),
          rng.int(-500, 600),
        )
      : null;
    const rent =
      !mortgage && rng.chance(0.5) ? Math.round(yuan(rng, 2500, 9000) * Math.max(1, scale / 4)) : 0;
    const landlord = { name: personName(rng), account: otherBankAccount(rng) };
    const family = { name: personName(rng), account: otherBankAccount(rng) };
    const card = rng.chance(0.75)
      ? open(
          'credit_card',
          rng.pick(['白金信用卡', '金卡信用卡', '标准信用卡']),
          addDays(start, -rng.int(100, 2000)),
          0,
          {
            limitMinor: Math.round(Math.min(1_000_000, 20_000 * Math.max(1, scale * 2)) / 1000) * 100_000,
            daysPastDue: 0,
          },
        )
      : null;
    const spendLevel = Math.max(0.5, Math.sqrt(scale));

    if (!opts.transactions) return finish();
    let owedAtStatement = 0;
    const salaryStops = addDays(today, -rng.int(70, 85));
    const drainDay = addDays(today, -rng.int(30, 45));
    const arrearsFrom = addDays(today, -rng.int(62, 70));
    for (let day = start; day <= today; day = addDays(day, 1)) {
      dayStarts(day);
      const dom = Number(day.slice(8, 10));
      const month = day.slice(5, 7);
      // Salary on a fixed day, a raise each January, a year-end bonus before the Spring Festival.
      if (salaried && dom === payday && !(story === 'salary_stopped' && day >= salaryStops)) {
        const years = Number(day.slice(0, 4)) - Number(start.slice(0, 4));
        book(demand, day, 540, Math.round(salary * (1 + 0.04 * years)), 'credit', 'salary', 'transfer', {
          name: employer,
          account: employerAccount,
          description: '代发工资',
        });
        if (isPreFestivalPayday(day) && month <= '02')
          book(demand, day, 545, salary * rng.int(1, 3), 'credit', 'salary', 'transfer', {
            name: employer,
            account: employerAccount,
            description: '年终奖',
          });
      }
      if (!salaried && dom === payday)
        book(demand, day, 600, Math.round(salary * (0.6 + rng.next())), 'credit', 'transfer_in', 'transfer', {
          name: employer,
          account: employerAccount,
          description: '经营收入',
        });
      if (rent && dom === 5)
        book(demand, day, 600, rent, 'debit', 'transfer_out', 'mobile', {
          ...landlord,
          description: '房租',
        });
      for (const loan of [mortgage, consumer])
        if (loan && dom === loan.dueDay && day > loan.acc.def.openedOn) {
          const late = story === 'loan_arrears' && loan === mortgage && day >= arrearsFrom;
          if (!late) repayLoan(loan, day);
          else if (loan.missedSince === null) loan.missedSince = day;
        }
      // Card: purchases by merchant category, the statement on the 5th, repayment in full on the 25th.
      if (card) {
        const n = poisson(0.22 * spendFactor(day));
        for (let i = 0; i < n; i++) {
          const [name, mcc, lo, hi] = rng.weighted(
            MERCHANTS,
            MERCHANTS.map((m) => m[4]),
          );
          const amount = Math.round(yuan(rng, lo, hi) * spendLevel);
          if (card.balance + amount > card.def.limitMinor!) continue;
          book(card, day, rng.int(480, 1380), amount, 'debit', 'consumption', 'pos', {
            mcc,
            name,
            account: merchantAccount(name),
          });
        }
        if (dom === 5) owedAtStatement = card.balance;
        if (dom === 25 && owedAtStatement > 0) {
          const pay = Math.min(owedAtStatement, Math.max(0, demand.balance - 1_000));
          if (pay > 0 && move(demand, card, day, 700, pay, 'loan_repayment', 'loan_repayment', '信用卡还款'))
            owedAtStatement -= pay;
        }
      }
      // Everyday payments from the current account.
      if (rng.chance(0.08 * spendFactor(day)))
        book(
          demand,
          day,
          rng.int(480, 1380),
          Math.round(yuan(rng, 15, 300) * spendLevel),
          'debit',
          'consumption',
          'mobile',
          {
            name: rng.pick(PAYMENT_APPS),
            account: merchantAccount(PAYMENT_APPS[0]!),
            mcc: '5999',
          },
        );
      if (dom === 8)
        for (const [name, mcc, lo, hi] of BILLS)
          if (rng.chance(0.8))
            book(demand, day, 600, yuan(rng, lo, hi), 'debit', 'consumption', 'online', {
              name,
              mcc,
              account: merchantAccount(name),
            });
      if (dom === 20 && rng.chance(0.5))
        book(
          demand,
          day,
          1200,
          Math.round(yuan(rng, 500, 3000) * spendLevel),
          'debit',
          'transfer_out',
          'mobile',
          {
            ...family,
            description: '家庭转账',
          },
        );
      if (rng.chance(0.02))
        book(demand, day, rng.int(540, 1320), rng.int(5, 30) * 10_000, 'debit', 'cash_withdrawal', 'atm');
      if (dom === 1) book(demand, day, 120, 200, 'debit', 'fee', 'online', { description: '短信通知服务费' });
      // Demand deposit interest is settled on the 20th of each quarter's last month, paid the 21st.
      if (dom === 21 && (month === '03' || month === '06' || month === '09' || month === '12'))
        book(
          demand,
          day,
          60,
          Math.round((demand.balance * 10) / 10_000 / 4),
          'credit',
          'interest',
          'transfer',
          { description: '活期结息' },
        );
      for (const h of holdings) holdingDay(h, day, demand);
      if (story === 'balance_drain' && day === drainDay) drain(demand, holdings, day);
    }
    for (const loan of [mortgage, consumer]) if (loan) settleLoanTerms(loan);
    finish();
  }

  // ---------------------------------------------------------------- companies

  function corporate() {
    const revenue = Math.min(c.annualRevenueMinor ?? 50_000_000_00, 2_000_000_000_00);
    const monthly = Math.round(revenue / 12);
    const staff = Math.min(c.employees ?? 50, 3000);
    const payroll = Math.min(Math.round(staff * yuan(rng, 7000, 14_000)), Math.round(monthly * 0.25));
    const demand = open(
      'demand_deposit',
      '单位基本存款账户',
      addDays(start, -rng.int(300, 5000)),
      Math.round(monthly * (0.6 + rng.next() * 1.5)),
      { rateBp: 25 },
    );
    const customers = Array.from({ length: rng.int(6, 16) }, () => ({
      name: companyName(rng),
      account: otherBankAccount(rng),
      w: rng.next() + 0.2,
    }));
    const suppliers = Array.from({ length: rng.int(5, 12) }, () => ({
      name: companyName(rng),
      account: otherBankAccount(rng),
      w: rng.next() + 0.2,
    }));
    const city = rng.pick(COMPANY_CITIES);
    const needsLine = story === 'credit_line_maxed' || story === 'loan_arrears' || rng.chance(0.6);
    const limit =
      Math.round(Math.max(monthly * (1 + rng.next() * 2), 5_000_000_00) / 1_000_000_00) * 1_000_000_00;
    const facility = needsLine
      ? open('credit_facility', '综合授信额度', addDays(start, -rng.int(30, 600)), 0, {
          limitMinor: limit,
          usedMinor: 0,
          maturityOn: addDays(today, rng.int(120, 700)),
        })
      : null;
    const loan = facility
      ? openLoan(
          '流动资金贷款',
          Math.round((limit * (0.3 + rng.next() * 0.4)) / 1_000_000) * 1_000_000,
          36,
          rng.int(330, 450),
          rng.int(30, 400),
          true,
        )
      : null;
    const holdings =
      c.tier === 'standard' || c.tier === 'gold'
        ? []
        : pickDistinct(CORPORATE_PRODUCTS, rng.int(1, 2)).map((p) =>
            openHolding(p, Math.round(monthly * (0.5 + rng.next()))),
          );
    if (!opts.transactions) return finish();

    const receiptsPerDay = Math.min(1.4, 0.4 + scale / 20);
    const paymentsPerDay = Math.min(1.1, 0.3 + scale / 25);
    const drainDay = addDays(today, -rng.int(30, 45));
    const arrearsFrom = addDays(today, -rng.int(62, 70));
    const maxFrom = addDays(today, -rng.int(45, 58));
    for (let day = start; day <= today; day = addDays(day, 1)) {
      dayStarts(day);
      const dom = Number(day.slice(8, 10));
      const month = day.slice(5, 7);
      const f = businessFactor(day);
      for (let i = poisson(receiptsPerDay * f); i > 0; i--) {
        const from = rng.weighted(
          customers,
          customers.map((x) => x.w),
        );
        book(
          demand,
          day,
          rng.int(540, 1050),
          Math.round((monthly / 22 / receiptsPerDay) * (0.3 + rng.next() * 1.4)),
          'credit',
          'transfer_in',
          'transfer',
          {
            name: from.name,
            account: from.account,
            description: '货款',
          },
        );
      }
      for (let i = poisson(paymentsPerDay * f); i > 0; i--) {
        const to = rng.weighted(
          suppliers,
          suppliers.map((x) => x.w),
        );
        book(
          demand,
          day,
          rng.int(540, 1050),
          Math.round(((monthly * 0.6) / 22 / paymentsPerDay) * (0.3 + rng.next() * 1.4)),
          'debit',
          'transfer_out',
          'online',
          {
            name: to.name,
            account: to.account,
            description: '采购付款',
          },
        );
      }
      // Payroll on the 10th (a double month before the Spring Festival), tax on the 15th, social insurance on the 20th.
      if (dom === 10)
        book(
          demand,
          day,
          570,
          payroll * (isPreFestivalPayday(day) && month <= '02' ? 2 : 1),
          'debit',
          'salary',
          'online',
          {
            description: `代发工资 ${staff}人`,
          },
        );
      if (dom === 15)
        book(
          demand,
          day,
          600,
          Math.round(monthly * 0.04 * (0.8 + rng.next() * 0.4)),
          'debit',
          'transfer_out',
          'online',
          {
            name: `国家金库${city}中心支库`,
            account: `2700${String(COMPANY_CITIES.indexOf(city)).padStart(15, '0')}`,
            description: '增值税',
          },
        );
      if (dom === 20)
        book(demand, day, 610, Math.round(payroll * 0.3), 'debit', 'transfer_out', 'online', {
          name: `${city}社会保险基金`,
          account: `2800${String(COMPANY_CITIES.indexOf(city)).padStart(15, '0')}`,
          description: '社会保险费',
        });
      if (dom === 1) book(demand, day, 100, 10_000, 'debit', 'fee', 'online', { description: '账户管理费' });
      if (dom === 21 && (month === '03' || month === '06' || month === '09' || month === '12'))
        book(
          demand,
          day,
          60,
          Math.round((demand.balance * 25) / 10_000 / 4),
          'credit',
          'interest',
          'transfer',
          { description: '单位活期结息' },
        );
      if (loan && dom === loan.dueDay && day > loan.acc.def.openedOn) {
        const late = story === 'loan_arrears' && day >= arrearsFrom;
        if (late) loan.missedSince ??= day;
        else {
          // Interest monthly; a tenth of the principal each quarter, drawn again the month after.
          book(
            demand,
            day,
            660,
            Math.round((loan.acc.balance * loan.rateBp) / 10_000 / 12),
            'debit',
            'loan_repayment',
            'online',
            { description: '贷款利息' },
          );
          if (month === '03' || month === '06' || month === '09' || month === '12')
            move(
              demand,
              loan.acc,
              day,
              670,
              Math.round(loan.acc.balance / 10),
              'loan_repayment',
              'loan_repayment',
              '归还贷款本金',
            );
          else if (
            (month === '04' || month === '07' || month === '10' || month === '01') &&
            loan.acc.balance < limit * 0.7
          )
            drawLoan(loan, demand, day, Math.round((limit * 0.7 - loan.acc.balance) / 2));
        }
      }
      const toGo = daysBetween(day, today);
      if (
        story === 'credit_line_maxed' &&
        loan &&
        day >= maxFrom &&
        toGo >= 1 &&
        loan.acc.balance < limit &&
        daysBetween(maxFrom, day) % 12 === 0
      ) {
        const left = limit - loan.acc.balance;
        drawLoan(loan, demand, day, toGo <= 12 ? left : Math.round(left / 2));
        // The money goes straight out to suppliers.
        const to = rng.pick(suppliers);
        book(demand, day, 900, Math.round(demand.balance * 0.85), 'debit', 'transfer_out', 'online', {
          ...to,
          description: '采购付款',
        });
      }
      for (const h of holdings) holdingDay(h, day, demand);
      if (story === 'balance_drain' && day === drainDay) drain(demand, holdings, day);
    }
    if (loan) settleLoanTerms(loan);
    if (facility && loan) {
      facility.def.usedMinor = Math.min(loan.acc.balance, limit);
      if (story === 'credit_line_maxed') facility.def.usedMinor = limit;
    }
    finish();
  }

  // ---------------------------------------------------------------- shared pieces

  type Loan = {
    acc: Acc;
    rateBp: number;
    months: number;
    payment: number;
    dueDay: number;
    missedSince: string | null;
  };
  type Holding = { acc: Acc; product: Product; sip: number; sipDay: number; phase: number; returnBp: number };

  function openLoan(
    name: string,
    principal: number,
    months: number,
    rateBp: number,
    ageDays: number,
    revolving = false,
  ): Loan {
    const openedOn = addDays(start, -ageDays);
    const dueDay = Math.min(28, Number(openedOn.slice(8, 10)));
    const paid = revolving ? 0 : Math.max(0, Math.floor(daysBetween(openedOn, start) / 30.4));
    const balance = revolving ? principal : outstandingAfter(principal, rateBp, months, paid);
    const acc = open('loan', name, openedOn, balance, {
      rateBp,
      principalMinor: principal,
      termMonths: months,
      maturityOn: plusMonths(openedOn, months),
      daysPastDue: 0,
      classification: 'normal' as LoanClassification,
      // Instalments fall on the due day from the month after opening; a revolving working-capital
      // loan pays interest monthly and the principal at the end.
      repaymentMethod: revolving ? 'bullet' : 'equal_instalment',
      firstDueOn: plusMonths(openedOn, 1),
    });
    const loan = {
      acc,
      rateBp,
      months,
      payment: annuity(principal, rateBp, months),
      dueDay,
      missedSince: null,
    };
    if (!acc.stated) later(openedOn, () => drawLoan(loan, accounts[0]!, openedOn, principal));
    return loan;
  }

  function drawLoan(loan: Loan, into: Acc, day: string, amount: number) {
    if (amount <= 0) return;
    if (
      book(loan.acc, day, 560, amount, 'debit', 'loan_disbursement', 'counter', { description: '贷款发放' })
    )
      book(into, day, 560, amount, 'credit', 'loan_disbursement', 'counter', { description: '贷款发放' });
  }

  function repayLoan(loan: Loan, day: string) {
    const interest = Math.round((loan.acc.balance * loan.rateBp) / 10_000 / 12);
    const principalPart = Math.min(loan.acc.balance, Math.max(0, loan.payment - interest));
    if (principalPart <= 0) return;
    const demand = accounts[0]!;
    const before = { d: demand.balance, l: loan.acc.balance, n: out.length };
    if (
      !book(demand, day, 420, principalPart + interest, 'debit', 'loan_repayment', 'transfer', {
        description: `${loan.acc.def.productName}还款`,
      })
    ) {
      // Not enough money: the payment is missed and the loan falls behind.
      loan.missedSince ??= day;
      return;
    }
    if (
      !book(loan.acc, day, 420, principalPart, 'credit', 'loan_repayment', 'transfer', {
        description: '归还本金',
      })
    ) {
      demand.balance = before.d;
      loan.acc.balance = before.l;
      out.length = before.n;
      return;
    }
    loan.missedSince = null;
  }

  /** Days past due and the five-category classification as of today. */
  function settleLoanTerms(loan: Loan) {
    if (loan.missedSince === null) return;
    const dpd = daysBetween(loan.missedSince, today);
    loan.acc.def.daysPastDue = dpd;
    loan.acc.def.classification =
      dpd > 180 ? 'doubtful' : dpd > 90 ? 'substandard' : dpd > 0 ? 'special_mention' : 'normal';
  }

  function openHolding(p: Product, amount: number): Holding {
    const rounded = Math.max(100_000, Math.round(amount / 100_000) * 100_000);
    const openedOn = addDays(start, -rng.int(-200, 900));
    const acc = open(
      'investment',
      p.name,
      openedOn,
      p.rhythm === 'monthly_sip' ? Math.round(rounded / 2) : rounded,
      {
        assetClass: p.assetClass,
        riskLevel: p.risk,
      },
    );
    const h: Holding = {
      acc,
      product: p,
      sip: Math.max(100_000, Math.round(rounded / 24 / 10_000) * 10_000),
      sipDay: rng.int(1, 28),
      phase: rng.int(0, 89),
      returnBp: rng.int(p.returnBp[0], p.returnBp[1]),
    };
    if (!acc.stated)
      later(openedOn, () =>
        move(
          accounts[0]!,
          acc,
          openedOn,
          630,
          p.rhythm === 'monthly_sip' ? h.sip : rounded,
          'investment_purchase',
          'investment_purchase',
          `购买${p.name}`,
        ),
      );
    return h;
  }

  /** A holding's rhythm: the 90-day product rolls over, funds are bought monthly, premiums paid yearly, coupons paid. */
  function holdingDay(h: Holding, day: string, demand: Acc) {
    if (day <= h.acc.def.openedOn) return;
    const age = daysBetween(h.acc.def.openedOn, day);
    const p = h.product;
    const name = p.name;
    if (p.rhythm === 'rolling_90d' && (age + h.phase) % 91 === 0 && h.acc.balance > 0) {
      const principal = h.acc.balance;
      const gain = Math.round((principal * Math.max(0, h.returnBp) * 91) / 10_000 / 365);
      if (
        book(h.acc, day, 480, principal, 'debit', 'investment_redemption', 'online', {
          description: `${name}到期赎回`,
        })
      ) {
        book(demand, day, 480, principal + gain, 'credit', 'investment_redemption', 'online', {
          description: `${name}到期本息`,
        });
        // Most clients roll the money over the next day; some keep it in cash for a while.
        const next = addDays(day, 1);
        if (rng.chance(0.85))
          later(next, () =>
            move(
              demand,
              h.acc,
              next,
              560,
              principal,
              'investment_purchase',
              'investment_purchase',
              `购买${name}`,
            ),
          );
      }
    } else if (p.rhythm === 'rolling_90d' && h.acc.balance === 0 && rng.chance(0.03)) {
      move(
        demand,
        h.acc,
        day,
        560,
        Math.max(100_000, Math.round((demand.balance * 0.3) / 100_000) * 100_000),
        'investment_purchase',
        'investment_purchase',
        `购买${name}`,
      );
    } else if (p.rhythm === 'monthly_sip' && Number(day.slice(8, 10)) === h.sipDay) {
      move(demand, h.acc, day, 600, h.sip, 'investment_purchase', 'investment_purchase', `${name}定投`);
      if (rng.chance(0.06)) {
        const part = Math.round(h.acc.balance * (0.2 + rng.next() * 0.3));
        if (
          book(h.acc, day, 610, part, 'debit', 'investment_redemption', 'mobile', {
            description: `赎回${name}`,
          })
        )
          book(
            demand,
            day,
            610,
            Math.round(part * (1 + h.returnBp / 10_000 / 2)),
            'credit',
            'investment_redemption',
            'mobile',
            { description: `${name}赎回到账` },
          );
      }
    } else if (p.rhythm === 'annual_premium' && age % 365 === 0) {
      move(
        demand,
        h.acc,
        day,
        600,
        h.sip * 6,
        'investment_purchase',
        'investment_purchase',
        `${name}年缴保费`,
      );
    } else if (p.rhythm === 'held_with_coupon' && age % 365 === 182) {
      book(
        demand,
        day,
        540,
        Math.round((h.acc.balance * h.returnBp) / 10_000),
        'credit',
        'interest',
        'transfer',
        { description: `${name}付息` },
      );
    }
  }

  /** The warning: investments cashed in, then almost everything sent to a new counterparty at once. */
  function drain(demand: Acc, holdings: Holding[], day: string) {
    for (const h of holdings)
      if (h.acc.balance > 0 && h.product.rhythm !== 'annual_premium') {
        const v = h.acc.balance;
        if (
          book(h.acc, day, 560, v, 'debit', 'investment_redemption', 'mobile', {
            description: `提前赎回${h.product.name}`,
          })
        )
          book(demand, day, 561, v, 'credit', 'investment_redemption', 'mobile', {
            description: `${h.product.name}赎回到账`,
          });
      }
    const next = addDays(day, 1);
    later(next, () =>
      book(
        demand,
        next,
        rng.int(1300, 1420),
        Math.round(demand.balance * (0.9 + rng.next() * 0.06)),
        'debit',
        'transfer_out',
        'mobile',
        {
          name: c.kind === 'individual' ? personName(rng) : companyName(rng),
          account: otherBankAccount(rng),
          description: '转账',
        },
      ),
    );
  }

  /** Present-day terms of holdings: units and market value from the cost and the product's return. */
  function finish() {
    for (const a of accounts) {
      if (a.def.kind !== 'investment') continue;
      const p = [...PRODUCTS, ...CORPORATE_PRODUCTS].find((x) => x.name === a.def.productName)!;
      const r = rng.int(p.returnBp[0], p.returnBp[1]);
      const nav = 1 + rng.int(-10, 250) / 100;
      a.def.costMinor = a.balance;
      a.def.marketValueMinor = Math.max(0, Math.round(a.balance * (1 + r / 10_000)));
      a.def.units = (a.balance / 100 / nav).toFixed(2);
    }
  }

  function poisson(lambda: number): number {
    let n = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = rng.next();
    while (u > s && n < 30) {
      n += 1;
      p *= lambda / n;
      s += p;
    }
    return n;
  }

  function pickDistinct<T>(xs: readonly T[], n: number): T[] {
    const pool = [...xs];
    const outList: T[] = [];
    while (outList.length < n && pool.length > 0)
      outList.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
    return outList;
  }
}

/** A merchant's settlement account: the same merchant always has the same number. */
function merchantAccount(name: string): string {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return `3101${String(h >>> 0).padStart(10, '0')}00001`;
}

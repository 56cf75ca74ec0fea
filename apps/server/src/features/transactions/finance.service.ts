import type {
  AccountKind,
  AssetClass,
  FinanceSummary,
  LoanClassification,
  TransactionCategory,
  TransactionDirection,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { maskAccountNo, maskCounterpartyName } from '../../core/masking.ts';
import { addDays, addMonths, bankDay, sideOf, windowStart, bankToday } from '../../finance/ledger.ts';
import { listAccountsOfClients } from '../accounts/accounts.repo.ts';
import { clientIdsInScope } from '../accounts/accounts.service.ts';
import { monthlyFlows, positionChanges, positionsBefore, topCounterparties } from './rollups.repo.ts';

const TOP_COUNTERPARTIES = 10;

const sumBy = <T>(xs: T[], key: (x: T) => string, value: (x: T) => number) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + value(x));
  return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
};

/**
 * The day the windows end: today, unless every balance was last moved more than a year ago — then
 * the day of the last movement, so a dormant (or historical, e.g. Berka) file still tells its story.
 */
export function throughDay(today: string, balancesAsOf: (string | null)[]): string {
  const days = balancesAsOf.filter((at): at is string => at !== null).map((at) => bankDay(at));
  if (days.length === 0) return today;
  const last = days.sort().at(-1)!;
  return last < windowStart(today, 12) ? last : today;
}

/**
 * A client's finances now and over time, read from account balances and the rollups kept at
 * ingest; no transaction is read. The daily series carries each day's closing position forward
 * over days without a change.
 */
export async function financeSummary(ctx: Ctx, clientId: number): Promise<FinanceSummary> {
  const ids = await clientIdsInScope(ctx, clientId);
  const accounts = await listAccountsOfClients(ctx.db, ids);
  const today = throughDay(
    bankToday(ctx.now),
    accounts.map((a) => a.balance_as_of),
  );
  const from = windowStart(today, 24);
  const fromMonth = addMonths(today, -11);
  const [opening, changes, flows, counterparties] = await Promise.all([
    positionsBefore(ctx.db, ids, from),
    positionChanges(ctx.db, ids, from, today),
    monthlyFlows(ctx.db, ids, fromMonth, today.slice(0, 7)),
    topCounterparties(ctx.db, ids, fromMonth, today.slice(0, 7), TOP_COUNTERPARTIES),
  ]);

  const held = accounts.filter((a) => sideOf(a.kind as AccountKind) === 'asset');
  const owed = accounts.filter((a) => sideOf(a.kind as AccountKind) === 'liability');
  const money = ([currency, minor]: [string, number]) => ({ minor, currency });

  const currencies = [
    ...new Set([...opening.map((o) => o.currency), ...changes.map((c) => c.currency)]),
  ].sort();
  const daily = currencies.map((currency) => {
    const o = opening.find((x) => x.currency === currency);
    let assets = Number(o?.assets ?? 0);
    let liabilities = Number(o?.liabilities ?? 0);
    const byDay = new Map(changes.filter((c) => c.currency === currency).map((c) => [c.day, c]));
    const points: FinanceSummary['daily'][number]['points'] = [];
    for (let day = from; day <= today; day = addDays(day, 1)) {
      const c = byDay.get(day);
      if (c) {
        assets += Number(c.assets);
        liabilities += Number(c.liabilities);
      }
      points.push({ day, assetsMinor: assets, liabilitiesMinor: liabilities });
    }
    return { currency, points };
  });

  const holdings = new Map<string, FinanceSummary['holdings'][number]>();
  for (const a of accounts) {
    if (a.kind !== 'investment' || a.asset_class === null) continue;
    const k = `${a.asset_class}|${a.currency}`;
    const h = holdings.get(k) ?? {
      assetClass: a.asset_class as AssetClass,
      currency: a.currency,
      accounts: 0,
      balanceMinor: 0,
      costMinor: null,
      marketValueMinor: null,
    };
    h.accounts += 1;
    h.balanceMinor += Number(a.balance_minor);
    if (a.cost_minor !== null) h.costMinor = (h.costMinor ?? 0) + Number(a.cost_minor);
    if (a.market_value_minor !== null)
      h.marketValueMinor = (h.marketValueMinor ?? 0) + Number(a.market_value_minor);
    holdings.set(k, h);
  }

  const accountNo = (enc: string) => maskAccountNo(ctx.vault.decrypt(enc));
  return {
    asOf: ctx.now.toISOString(),
    through: today,
    aum: sumBy(
      held,
      (a) => a.currency,
      (a) => Number(a.balance_minor),
    ).map(money),
    liabilities: sumBy(
      owed,
      (a) => a.currency,
      (a) => Number(a.balance_minor),
    ).map(money),
    daily,
    monthlyFlows: flows.map((f) => ({
      month: f.month,
      currency: f.currency,
      category: f.category as TransactionCategory,
      direction: f.direction as TransactionDirection,
      amountMinor: Number(f.amount),
      count: Number(f.count),
    })),
    loans: owed.map((a) => ({
      accountId: Number(a.id),
      kind: a.kind as AccountKind,
      productName: a.product_name,
      accountNo: accountNo(a.account_no_enc),
      outstanding: { minor: Number(a.balance_minor), currency: a.currency },
      classification: a.classification as LoanClassification | null,
      daysPastDue: a.days_past_due === null ? null : Number(a.days_past_due),
      maturityOn: a.maturity_on,
    })),
    creditLines: accounts
      .filter((a) => a.limit_minor !== null && (a.kind === 'credit_card' || a.kind === 'credit_facility'))
      .map((a) => {
        const limit = Number(a.limit_minor);
        // A card's drawn amount is its balance; a facility's is what the loans under it drew.
        const used =
          a.kind === 'credit_card' ? Math.max(Number(a.balance_minor), 0) : Number(a.used_minor ?? 0);
        return {
          accountId: Number(a.id),
          kind: a.kind as AccountKind,
          productName: a.product_name,
          accountNo: accountNo(a.account_no_enc),
          currency: a.currency,
          limitMinor: limit,
          usedMinor: used,
          utilisationBp: limit > 0 ? Math.round((used * 10_000) / limit) : null,
        };
      }),
    holdings: [...holdings.values()].sort((a, b) =>
      a.assetClass === b.assetClass
        ? a.currency < b.currency
          ? -1
          : 1
        : a.assetClass < b.assetClass
          ? -1
          : 1,
    ),
    topCounterparties: counterparties.map((c, i) => ({
      key: `k${i + 1}`,
      name: c.name_enc === null ? null : maskCounterpartyName(ctx.vault.decrypt(c.name_enc)),
      accountNo: accountNo(c.account_enc as string),
      currency: c.currency,
      inflowMinor: Number(c.inflow),
      outflowMinor: Number(c.outflow),
      count: Number(c.count),
    })),
  };
}

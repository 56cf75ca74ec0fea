import crypto from 'node:crypto';
import type { AccountKind, TransactionBatch, TransactionItem } from '@dossier/contract';
import type { FieldIssue } from '../../core/errors.ts';
import { bankDay } from '../../finance/ledger.ts';

/** How far ahead of our clock a booking time may be: the core system's clock is not ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');

/** What validation needs to know of a registered account. */
export type KnownAccount = Readonly<{
  id: number;
  clientId: number;
  kind: AccountKind;
  currency: string;
  openedOn: string;
  closedOn: string | null;
}>;

export type CheckedItem = Readonly<{
  index: number;
  item: TransactionItem;
  /** The booking time as UTC ISO-8601 (`toISOString()`): text order is time order. */
  bookedAt: string;
  account: KnownAccount;
  contentHash: string;
  /** The earlier index in this batch with the same id and content: this one is a replay of it. */
  repeatOf: number | null;
}>;

/**
 * The canonical text of an item: every field in a fixed order, absent ones as null, the booking
 * time in UTC. Two sends of the same transaction hash alike whatever their JSON looked like.
 */
export function canonicalItem(t: TransactionItem, bookedAtUtc?: string): string {
  return JSON.stringify([
    t.externalId,
    t.accountNo,
    bookedAtUtc ?? new Date(t.bookedAt).toISOString(),
    t.amountMinor,
    t.direction,
    t.currency,
    t.channel,
    t.category,
    t.merchantCategory ?? null,
    t.counterpartyName ?? null,
    t.counterpartyAccount ?? null,
    t.balanceAfterMinor ?? null,
    t.description ?? null,
  ]);
}

/** `bookedAtUtc`: the booking time already as `toISOString()` gives it, when the caller has it. */
export function contentHash(t: TransactionItem, bookedAtUtc?: string): string {
  return crypto.createHash('sha256').update(canonicalItem(t, bookedAtUtc)).digest('hex');
}

/**
 * Checks every item of a batch against the accounts it names and the clock; the shape of each
 * item was checked by the contract already. Returns every problem by item and field, and the
 * items ready to store when there are none.
 */
export function checkBatch(
  batch: TransactionBatch,
  accounts: ReadonlyMap<string, KnownAccount>,
  now: Date,
): { issues: FieldIssue[]; items: CheckedItem[] } {
  const issues: FieldIssue[] = [];
  const items: CheckedItem[] = [];
  const seen = new Map<string, { index: number; hash: string }>();
  const latest = now.getTime() + CLOCK_SKEW_MS;
  batch.transactions.forEach((t, index) => {
    const at = (field: string, message: string) =>
      issues.push({ field: `transactions.${index}.${field}`, message });
    const before = issues.length;
    const account = accounts.get(t.accountNo);
    const booked = Date.parse(t.bookedAt);
    const bookedAt = new Date(booked).toISOString();
    const day = bankDay(bookedAt);
    if (!account) {
      at(
        'accountNo',
        'matches no registered account: register the account first (POST /api/accounts/batch) or correct the number',
      );
    } else {
      if (account.kind === 'credit_facility')
        at(
          'accountNo',
          'is a credit facility, which holds no transactions: post drawings and repayments to the loan account drawn under it',
        );
      if (t.currency !== account.currency)
        at(
          'currency',
          `is ${t.currency} but the account is kept in ${account.currency}: send the amount in the account's currency`,
        );
      if (day < account.openedOn) at('bookedAt', `is before the account was opened (${account.openedOn})`);
      if (account.closedOn !== null && day > account.closedOn)
        at('bookedAt', `is after the account was closed (${account.closedOn})`);
    }
    if (booked > latest)
      at(
        'bookedAt',
        `is in the future (${bookedAt}, and it is ${now.toISOString()} now): send only booked transactions`,
      );
    if (booked < EARLIEST) at('bookedAt', 'is before 1970: check the date');
    const hash = contentHash(t, bookedAt);
    const first = seen.get(t.externalId);
    if (first && first.hash !== hash)
      at(
        'externalId',
        `repeats transactions.${first.index}.externalId with different content: each transaction needs its own id`,
      );
    if (!first) seen.set(t.externalId, { index, hash });
    if (issues.length === before && account)
      items.push({
        index,
        item: t,
        bookedAt,
        account,
        contentHash: hash,
        repeatOf: first ? first.index : null,
      });
  });
  return { issues, items };
}

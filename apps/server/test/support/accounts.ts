import type { AccountCreate, TransactionItem } from '@dossier/contract';
import type { Actor, Deps } from '../../src/core/context.ts';
import { createAccount } from '../../src/features/accounts/accounts.service.ts';
import { ctxFor } from './factories.ts';

let seq = 0;

/** A fresh account number, distinct in each call: 19 digits like a Chinese debit card. */
export function accountNumber(): string {
  seq += 1;
  return `6222${String(Date.now() % 1e7).padStart(7, '0')}${String(seq).padStart(8, '0')}`;
}

/** An account of a client, registered by the owner (a demand deposit in CNY unless told). */
export async function makeAccount(
  deps: Deps,
  owner: Actor,
  clientId: number,
  over: Partial<AccountCreate> = {},
) {
  const accountNo = over.accountNo ?? accountNumber();
  const account = await createAccount(ctxFor(deps, owner), clientId, {
    kind: 'demand_deposit',
    productName: '活期储蓄',
    currency: 'CNY',
    status: 'active',
    openedOn: '2020-01-01',
    source: 'manual',
    ...over,
    accountNo,
  });
  return { ...account, number: accountNo };
}

/** A transaction item with sensible defaults: a 100-yuan credit on the bank day given. */
export function txn(
  accountNo: string,
  externalId: string,
  over: Partial<TransactionItem> = {},
): TransactionItem {
  return {
    externalId,
    accountNo,
    bookedAt: '2026-11-02T02:00:00.000Z',
    amountMinor: 10_000,
    direction: 'credit',
    currency: 'CNY',
    channel: 'mobile',
    category: 'transfer_in',
    ...over,
  };
}

import type {
  Transaction,
  TransactionCategory,
  TransactionChannel,
  TransactionDirection,
} from '@dossier/contract';
import type { Vault } from '../../core/crypto.ts';
import { maskAccountNo, maskCounterpartyName } from '../../core/masking.ts';
import type { TransactionRow } from './transactions.repo.ts';

/** A transaction as shown: account and counterparty masked (class C2 data). */
export function presentTransaction(r: TransactionRow, vault: Vault): Transaction {
  const name =
    r.counterparty_name_enc === null ? null : maskCounterpartyName(vault.decrypt(r.counterparty_name_enc));
  const account =
    r.counterparty_account_enc === null ? null : maskAccountNo(vault.decrypt(r.counterparty_account_enc));
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    accountNo: maskAccountNo(vault.decrypt(r.account_no_enc)),
    bookedAt: r.booked_at,
    amount: { minor: Number(r.amount_minor), currency: r.currency },
    direction: r.direction as TransactionDirection,
    channel: r.channel as TransactionChannel,
    category: r.category as TransactionCategory,
    merchantCategory: r.merchant_category,
    counterparty: name === null && account === null ? null : { name, accountNo: account },
    balanceAfter:
      r.balance_after_minor === null ? null : { minor: Number(r.balance_after_minor), currency: r.currency },
    description: r.description,
  };
}

import crypto from 'node:crypto';
import type {
  AccountKind,
  TransactionBatch,
  TransactionBatchResult,
  TransactionListQuery,
  TransactionPage,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import type { Vault } from '../../core/crypto.ts';
import { AppError, invalid } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import {
  type AccountState,
  type Posting,
  addDays,
  applyPostings,
  bankDayStart,
  signedAmount,
} from '../../finance/ledger.ts';
import { stateOf } from '../accounts/accounts.present.ts';
import {
  type AccountRow,
  findAccountsByNumberHashes,
  lockAccounts,
  saveAccountBalances,
} from '../accounts/accounts.repo.ts';
import { accountNoHash, clientIdsInScope, failIfIssues } from '../accounts/accounts.service.ts';
import { publishAlerts } from '../alerts/alerts.bus.ts';
import {
  type AlertNotice,
  LEARN_HORIZON_DAYS,
  type Openings,
  finishJudgement,
  startJudgement,
} from '../alerts/warning.service.ts';
import type { TransactionEvent } from '../../rules/engine.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { type SealedCounterparty, addRollups } from './rollups.repo.ts';
import {
  type TransactionInsert,
  findStoredHashes,
  insertTransactions,
  listBalanceAnchors,
  listTransactions,
} from './transactions.repo.ts';
import { presentTransaction } from './transactions.present.ts';
import { type CheckedItem, type KnownAccount, checkBatch } from './transactions.validate.ts';

const known = (r: AccountRow): KnownAccount => ({
  id: Number(r.id),
  clientId: Number(r.client_id),
  kind: r.kind as AccountKind,
  currency: r.currency,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
});

/**
 * Ingests a batch from a source system: every item is checked first (a bad item rejects the batch,
 * named by index and field); then, in one database transaction, new items are stored, exact
 * replays skipped, an id sent before with other content refused (nothing stored), balances and
 * rollups brought up to date, and one audit entry written for the batch.
 *
 * A file import passes its own database transaction (`within.tx`), so that all the batches of a
 * file are stored together or not at all; `within.details` joins each batch's audit entry.
 */
export async function ingestTransactions(
  ctx: Ctx,
  batch: TransactionBatch,
  within: { tx?: Tx; details?: Record<string, unknown>; notices?: AlertNotice[] } = {},
): Promise<TransactionBatchResult> {
  authorize(ctx.actor, 'transaction.ingest');
  const received = batch.transactions.length;
  const numbers = [...new Set(batch.transactions.map((t) => t.accountNo))];
  const hashOf = new Map(numbers.map((n) => [n, accountNoHash(ctx.vault, n)]));

  const run = <T>(work: (tx: Tx) => Promise<T>) =>
    within.tx ? work(within.tx) : ctx.db.transaction().execute(work);
  const notices: AlertNotice[] = [];
  const result = await run(async (tx) => {
    // Learn the accounts' ids, then lock them (in id order) and read their balances under the lock.
    // SQLite has one writer: what this transaction read is what it will rewrite, so the rows
    // found need no second read.
    const found = await findAccountsByNumberHashes(tx, [...hashOf.values()]);
    const locked = new Map(
      (ctx.dialect.rowLocks
        ? await lockAccounts(
            tx,
            ctx.dialect,
            found.map((r) => Number(r.id)),
          )
        : found
      ).map((r) => [r.account_no_hash, r]),
    );
    const accounts = new Map<string, AccountRow>();
    for (const n of numbers) {
      const row = locked.get(hashOf.get(n)!);
      if (row) accounts.set(n, row);
    }
    const { issues, items } = checkBatch(
      batch,
      new Map([...accounts].map(([n, r]) => [n, known(r)])),
      ctx.now,
    );
    failIfIssues(issues, 'batch');

    const stored = await findStoredHashes(
      tx,
      batch.source,
      items.map((i) => i.item.externalId),
    );
    const conflicts = items.filter((i) => {
      const h = stored.get(i.item.externalId);
      return h !== undefined && h !== i.contentHash;
    });
    if (conflicts.length > 0) {
      const conflictIssues = conflicts.map((i) => ({
        field: `transactions.${i.index}.externalId`,
        message: `was stored before from ${batch.source} with different content: a transaction, once booked, is not changed; send a correction under a new id`,
      }));
      throw new AppError(
        'transaction.conflict',
        `${conflictIssues[0]!.field} ${conflictIssues[0]!.message}${conflicts.length > 1 ? ` (${conflicts.length} such items)` : ''}. Nothing was stored.`,
        { field: conflictIssues[0]!.field, issues: conflictIssues.slice(0, 200) },
      );
    }
    const fresh = items.filter((i) => i.repeatOf === null && !stored.has(i.item.externalId));
    const touched = fresh.length === 0 ? [] : await post(ctx, tx, batch.source, fresh, accounts, notices);
    const result = {
      received,
      inserted: fresh.length,
      duplicates: received - fresh.length,
      accounts: touched.length,
    };
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'transaction.ingest',
      targetType: 'transaction_batch',
      targetId: batch.source,
      details: {
        source: batch.source,
        // The parsed batch, serialised as the contract orders it: the same batch hashes alike.
        bodySha256: crypto.createHash('sha256').update(JSON.stringify(batch)).digest('hex'),
        ...result,
        accountIds: touched.slice(0, 100),
        ...within.details,
      },
    });
    return result;
  });
  // Open browsers learn of alerts once they are committed: a file import tells them after its own commit.
  if (within.tx) within.notices?.push(...notices);
  else publishAlerts(ctx, notices);
  return result;
}

/**
 * Counterparties recur (a payroll, a landlord, a supplier): their names and numbers are sealed
 * once and the ciphertext reused, per vault, for the most recent 50,000 of each. The blind index
 * already tells that rows share a counterparty, so a shared ciphertext reveals nothing more.
 */
const SEAL_CACHE_SIZE = 50_000;
const sealCaches = new WeakMap<
  Vault,
  { names: Map<string, string>; accounts: Map<string, { enc: string; key: string }> }
>();
function sealCache(vault: Vault) {
  const c = sealCaches.get(vault) ?? { names: new Map(), accounts: new Map() };
  sealCaches.set(vault, c);
  return c;
}
function sealedOnce<V>(cache: Map<string, V>, plain: string, seal: (plain: string) => V): V {
  const hit = cache.get(plain);
  if (hit !== undefined) return hit;
  const value = seal(plain);
  cache.set(plain, value);
  if (cache.size > SEAL_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return value;
}

/** Stores new items and applies them to balances and rollups. Returns the ids of the accounts moved. */
async function post(
  ctx: Ctx,
  tx: Tx,
  source: string,
  fresh: CheckedItem[],
  accounts: Map<string, AccountRow>,
  notices: AlertNotice[],
): Promise<number[]> {
  const states = new Map<number, AccountState>([...accounts.values()].map((r) => [Number(r.id), stateOf(r)]));
  const { names: sealedNames, accounts: sealedAccounts } = sealCache(ctx.vault);
  const sealed = new Map<number, { nameEnc: string | null; accountEnc: string | null; key: string | null }>();
  for (const i of fresh) {
    const t = i.item;
    const nameEnc = t.counterpartyName
      ? sealedOnce(sealedNames, t.counterpartyName, ctx.vault.encrypt)
      : null;
    const account = t.counterpartyAccount
      ? sealedOnce(sealedAccounts, t.counterpartyAccount, (n) => ({
          enc: ctx.vault.encrypt(n),
          key: accountNoHash(ctx.vault, n),
        }))
      : null;
    sealed.set(i.index, { nameEnc, accountEnc: account?.enc ?? null, key: account?.key ?? null });
  }
  const postings: Posting<SealedCounterparty>[] = fresh.map((i) => {
    const s = sealed.get(i.index)!;
    return {
      index: i.index,
      accountId: i.account.id,
      bookedAt: i.bookedAt,
      amountMinor: i.item.amountMinor,
      direction: i.item.direction,
      category: i.item.category,
      balanceAfterMinor: i.item.balanceAfterMinor ?? null,
      counterparty:
        s.key && s.accountEnc ? { key: s.key, ref: { nameEnc: s.nameEnc, accountEnc: s.accountEnc } } : null,
    };
  });

  // A late item (booked before the ledger's newest stated balance) needs the stated balances after it.
  const anchors = new Map<number, string[]>();
  const earliestLate = new Map<number, string>();
  for (const p of postings) {
    const anchorAt = states.get(p.accountId)!.balanceAnchorAt;
    if (anchorAt === null || p.bookedAt >= anchorAt) continue;
    const e = earliestLate.get(p.accountId);
    if (e === undefined || p.bookedAt < e) earliestLate.set(p.accountId, p.bookedAt);
  }
  for (const [accountId, from] of earliestLate)
    anchors.set(
      accountId,
      await listBalanceAnchors(tx, accountId, from, states.get(accountId)!.balanceAnchorAt!),
    );

  const effects = applyPostings(states, postings, anchors);
  const at = ctx.now.toISOString();
  const ordered = [...fresh].sort((a, b) =>
    a.bookedAt < b.bookedAt ? -1 : a.bookedAt > b.bookedAt ? 1 : a.index - b.index,
  );
  const rows: TransactionInsert[] = ordered.map((i) => {
    const t = i.item;
    const s = sealed.get(i.index)!;
    return {
      account_id: i.account.id,
      client_id: i.account.clientId,
      source,
      external_id: t.externalId,
      content_hash: i.contentHash,
      booked_at: i.bookedAt,
      amount_minor: t.amountMinor,
      direction: t.direction,
      currency: t.currency,
      channel: t.channel,
      category: t.category,
      merchant_category: t.merchantCategory ?? null,
      counterparty_name_enc: s.nameEnc,
      counterparty_account_enc: s.accountEnc,
      counterparty_hash: s.key,
      balance_after_minor: t.balanceAfterMinor ?? null,
      sets_balance: effects.setsBalance.has(i.index) ? 1 : 0,
      description: t.description ?? null,
      ingested_at: at,
    };
  });
  // The early-warning rules read balances as they were before the batch: read them first.
  const judging = warningEvents(ordered, sealed, accounts, ctx.now);
  const judgement = await startJudgement(tx, ctx.warningStates, judging.openings, ctx.dialect.rowLocks);
  const ids = await insertTransactions(tx, ctx.dialect, rows);
  await saveAccountBalances(tx, ctx.dialect, effects.accounts, at);
  await addRollups(tx, effects, ctx.dialect);
  if (judgement)
    notices.push(
      ...(await finishJudgement(
        ctx,
        tx,
        judgement,
        judging.events.map((e) => ({ ...e, transactionId: ids[e.position] ?? null })),
      )),
    );
  return effects.accounts.map((s) => s.id).sort((a, b) => a - b);
}

/**
 * The batch's transactions as the early-warning engine sees them, in booking order, with running
 * balances. Only those of the last `LEARN_HORIZON_DAYS` are judged: older ones (a backfill) can
 * reach no window of a live event. For each client judged, its accounts in the batch as they
 * stood just before its first judged event (the opening of a state that does not exist yet).
 */
function warningEvents(
  ordered: CheckedItem[],
  sealed: Map<number, { key: string | null }>,
  accounts: Map<string, AccountRow>,
  now: Date,
) {
  const horizon = new Date(now.getTime() - LEARN_HORIZON_DAYS * 86_400_000).toISOString();
  const rowOf = new Map([...accounts.values()].map((r) => [Number(r.id), r]));
  const accountsOf = new Map<number, number[]>();
  for (const r of accounts.values()) {
    const list = accountsOf.get(Number(r.client_id)) ?? [];
    list.push(Number(r.id));
    accountsOf.set(Number(r.client_id), list);
  }
  const balance = new Map<number, number>();
  const lastAt = new Map<number, string>();
  const openings: Openings = new Map();
  const events: { position: number; clientId: number; event: TransactionEvent }[] = [];
  ordered.forEach((i, position) => {
    const row = rowOf.get(i.account.id)!;
    const before = balance.get(i.account.id) ?? Number(row.balance_minor);
    const after =
      i.item.balanceAfterMinor ?? before + signedAmount(i.account.kind, i.item.direction, i.item.amountMinor);
    if (i.bookedAt >= horizon) {
      const clientId = i.account.clientId;
      if (!openings.has(clientId))
        openings.set(clientId, {
          firstAt: i.bookedAt,
          accounts: (accountsOf.get(clientId) ?? []).map((id) => ({
            accountId: id,
            balanceMinor: balance.get(id) ?? Number(rowOf.get(id)!.balance_minor),
            lastAt: lastAt.get(id) ?? rowOf.get(id)!.balance_as_of,
          })),
        });
      events.push({
        position,
        clientId,
        event: {
          kind: 'transaction',
          at: i.bookedAt,
          accountId: i.account.id,
          accountKind: i.account.kind,
          currency: i.item.currency,
          amountMinor: i.item.amountMinor,
          direction: i.item.direction,
          category: i.item.category,
          counterpartyKey: sealed.get(i.index)?.key ?? null,
          balanceAfterMinor: after,
          daysPastDue: row.days_past_due === null ? null : Number(row.days_past_due),
          limitMinor: row.limit_minor === null ? null : Number(row.limit_minor),
          usedMinor: row.used_minor === null ? null : Number(row.used_minor),
        },
      });
    }
    balance.set(i.account.id, after);
    lastAt.set(i.account.id, i.bookedAt);
  });
  return { events, openings };
}
/** A client's transactions, newest first, filtered; counterparties masked. */
export async function listClientTransactions(
  ctx: Ctx,
  clientId: number,
  q: TransactionListQuery,
): Promise<TransactionPage> {
  const ids = await clientIdsInScope(ctx, clientId);
  if (q.from && q.to && q.from > q.to) throw invalid('query.to', 'must not be before query.from');
  if (q.minAmountMinor !== undefined && q.maxAmountMinor !== undefined && q.minAmountMinor > q.maxAmountMinor)
    throw invalid('query.maxAmountMinor', 'must not be less than query.minAmountMinor');
  const { rows, total } = await listTransactions(ctx.db, ids, {
    ...q,
    fromAt: q.from ? bankDayStart(q.from) : undefined,
    toAt: q.to ? bankDayStart(addDays(q.to, 1)) : undefined,
  });
  return {
    items: rows.map((r) => presentTransaction(r, ctx.vault)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

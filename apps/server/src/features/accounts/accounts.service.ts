import {
  ACCOUNT_KINDS,
  type Account,
  type AccountBatch,
  type AccountBatchResult,
  type AccountCreate,
  type AccountKind,
  type AccountList,
  type LoanClassification,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import type { Vault } from '../../core/crypto.ts';
import type { Tx } from '../../db/dialect.ts';
import { AppError, type FieldIssue } from '../../core/errors.ts';
import { maskAccountNo } from '../../core/masking.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { openingRollups, bankToday } from '../../finance/ledger.ts';
import { publishAlerts } from '../alerts/alerts.bus.ts';
import { type AlertNotice, finishJudgement, startJudgement } from '../alerts/warning.service.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope } from '../clients/clients.repo.ts';
import { findMergedInto } from '../merges/merges.repo.ts';
import { addRollups } from '../transactions/rollups.repo.ts';
import {
  type AccountInsert,
  type AccountRow,
  type AccountTerms,
  findAccountsByNumberHashes,
  findAccountsBySourceIds,
  findLiveClientIds,
  insertAccounts,
  listAccountsOfClients,
  saveAccountTerms,
} from './accounts.repo.ts';
import { num, presentAccount, stateOf } from './accounts.present.ts';
import { accountIssues } from './accounts.rules.ts';

const NOT_FOUND = () => new AppError('client.not_found', 'No such client, or it is outside your book.');

/** The blind index of an account number (already normalised by the contract: no spaces, capitals). */
export function accountNoHash(vault: Vault, accountNo: string): string {
  return vault.blindIndex('account_no', accountNo);
}

/** Reports problems the way every batch does: the first in the message, all of them in `issues`. */
export function failIfIssues(issues: FieldIssue[], what: string): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s) in this ${what})` : '';
  throw new AppError('request.invalid', `${first.field} ${first.message}${more}. Nothing was stored.`, {
    field: first.field,
    issues: issues.slice(0, 200),
    ...(issues.length > 200 ? { details: { problems: issues.length } } : {}),
  });
}

/** The row of a new account, its number sealed and indexed. */
function accountRow(
  ctx: Ctx,
  clientId: number,
  a: Omit<AccountCreate, 'source'>,
  source: string,
): AccountInsert {
  const at = ctx.now.toISOString();
  // A stated balance is the ledger's word at that time; an account without one starts empty and
  // takes its balance from the transactions that follow.
  const anchor =
    a.balanceMinor === undefined ? null : a.balanceAsOf ? new Date(a.balanceAsOf).toISOString() : at;
  return {
    client_id: clientId,
    kind: a.kind,
    product_name: a.productName,
    account_no_enc: ctx.vault.encrypt(a.accountNo),
    account_no_hash: accountNoHash(ctx.vault, a.accountNo),
    currency: a.currency,
    status: a.status,
    opened_on: a.openedOn,
    closed_on: a.closedOn ?? null,
    balance_minor: a.balanceMinor ?? 0,
    balance_as_of: anchor,
    balance_anchor_at: anchor,
    rate_bp: a.rateBp ?? null,
    maturity_on: a.maturityOn ?? null,
    principal_minor: a.principalMinor ?? null,
    term_months: a.termMonths ?? null,
    days_past_due: a.daysPastDue ?? null,
    classification: a.classification ?? (a.kind === 'loan' ? 'normal' : null),
    repayment_method: a.repaymentMethod ?? null,
    first_due_on: a.firstDueOn ?? null,
    limit_minor: a.limitMinor ?? null,
    used_minor: a.usedMinor ?? null,
    units: a.units ?? null,
    cost_minor: a.costMinor ?? null,
    market_value_minor: a.marketValueMinor ?? null,
    risk_level: a.riskLevel ?? null,
    asset_class: a.assetClass ?? null,
    source,
    external_id: a.externalId ?? null,
    created_by: ctx.actor.id,
    created_at: at,
    updated_at: at,
  };
}

function balanceIssues(a: Omit<AccountCreate, 'source'>, now: Date, prefix: string): FieldIssue[] {
  if (a.balanceAsOf && Date.parse(a.balanceAsOf) > now.getTime() + 5 * 60_000)
    return [{ field: `${prefix}balanceAsOf`, message: 'cannot be in the future' }];
  return [];
}

/** Registers an account of a client in the actor's book (front line; core banking uses the batch). */
export async function createAccount(ctx: Ctx, clientId: number, input: AccountCreate): Promise<Account> {
  authorize(ctx.actor, 'client.update');
  failIfIssues(
    [...accountIssues(input, bankToday(ctx.now)), ...balanceIssues(input, ctx.now, '')],
    'account',
  );
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
    const [row] = await insertAccounts(tx, ctx.dialect, [accountRow(ctx, clientId, input, input.source)]);
    await addRollups(tx, openingRollups([stateOf(row!)]));
    const account = presentAccount(row!, ctx.vault);
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'account.create',
      clientId,
      targetType: 'account',
      targetId: account.id,
      after: {
        kind: account.kind,
        productName: account.productName,
        accountNo: account.accountNo,
        currency: account.currency,
        status: account.status,
        openedOn: account.openedOn,
        balanceMinor: account.balance.minor,
        source: input.source,
        ...(input.externalId ? { externalId: input.externalId } : {}),
      },
    });
    return account;
  });
}

/**
 * Registers accounts from a source system, all or nothing. An account already registered from the
 * same source under the same id, number and client is left as it is (a feed may resend); any other
 * clash is a problem reported by item and field.
 */
export async function importAccounts(
  ctx: Ctx,
  batch: AccountBatch,
  /** A file import's own database transaction: its accounts are stored with the rest of the file. */
  within: { tx?: Tx } = {},
): Promise<AccountBatchResult> {
  authorize(ctx.actor, 'transaction.ingest');
  const today = bankToday(ctx.now);
  const issues: FieldIssue[] = [];
  const firstByNumber = new Map<string, number>();
  const firstById = new Map<string, number>();
  batch.accounts.forEach((a, i) => {
    const prefix = `accounts.${i}.`;
    issues.push(...accountIssues(a, today, prefix), ...balanceIssues(a, ctx.now, prefix));
    const sameNo = firstByNumber.get(a.accountNo);
    if (sameNo !== undefined)
      issues.push({ field: `${prefix}accountNo`, message: `repeats accounts.${sameNo}.accountNo` });
    else firstByNumber.set(a.accountNo, i);
    const sameId = firstById.get(a.externalId);
    if (sameId !== undefined)
      issues.push({ field: `${prefix}externalId`, message: `repeats accounts.${sameId}.externalId` });
    else firstById.set(a.externalId, i);
  });
  failIfIssues(issues, 'batch');

  const run = <T>(work: (tx: Tx) => Promise<T>) =>
    within.tx ? work(within.tx) : ctx.db.transaction().execute(work);
  const notices: AlertNotice[] = [];
  const result = await run(async (tx) => {
    const live = await findLiveClientIds(tx, [...new Set(batch.accounts.map((a) => a.clientId))]);
    const hashes = batch.accounts.map((a) => accountNoHash(ctx.vault, a.accountNo));
    const byHash = new Map((await findAccountsByNumberHashes(tx, hashes)).map((r) => [r.account_no_hash, r]));
    const byId = new Map(
      (
        await findAccountsBySourceIds(
          tx,
          batch.source,
          batch.accounts.map((a) => a.externalId),
        )
      ).map((r) => [r.external_id, r]),
    );
    const fresh: AccountInsert[] = [];
    const restated: { row: AccountRow; terms: AccountTerms }[] = [];
    let existing = 0;
    batch.accounts.forEach((a, i) => {
      const prefix = `accounts.${i}.`;
      if (!live.has(a.clientId)) {
        issues.push({
          field: `${prefix}clientId`,
          message: 'names no client (or one merged into another file)',
        });
        return;
      }
      const sameNo = byHash.get(hashes[i]!);
      const sameId = byId.get(a.externalId);
      if (sameNo && sameId && sameNo.id === sameId.id && Number(sameNo.client_id) === a.clientId) {
        const terms = changedTerms(sameNo, a);
        if (terms) restated.push({ row: sameNo, terms });
        else existing += 1;
        return;
      }
      if (sameNo) {
        issues.push({
          field: `${prefix}accountNo`,
          message:
            'is already registered, to another client or under another id; correct the number or the id',
        });
        return;
      }
      if (sameId) {
        issues.push({
          field: `${prefix}externalId`,
          message: `is already used by account ${maskAccountNo(ctx.vault.decrypt(sameId.account_no_enc))} from this source`,
        });
        return;
      }
      fresh.push(accountRow(ctx, a.clientId, a, batch.source));
    });
    failIfIssues(issues, 'batch');
    const rows = await insertAccounts(tx, ctx.dialect, fresh);
    await addRollups(tx, openingRollups(rows.map(stateOf)));
    const at = ctx.now.toISOString();
    for (const r of restated) await saveAccountTerms(tx, Number(r.row.id), r.terms, at);
    notices.push(
      ...(await judgeAccounts(ctx, tx, [
        ...rows.map((row) => ({ row, previousClassification: null })),
        ...restated.map(({ row, terms }) => ({
          row: { ...row, ...terms },
          previousClassification: row.classification as LoanClassification | null,
        })),
      ])),
    );
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'account.create',
      targetType: 'account_batch',
      targetId: batch.source,
      details: {
        source: batch.source,
        received: batch.accounts.length,
        created: rows.length,
        existing,
        updated: restated.length,
        firstAccountId: rows[0] ? Number(rows[0].id) : null,
        lastAccountId: rows.at(-1) ? Number(rows.at(-1)!.id) : null,
        // What changed, account by account (the first 100): the terms before and after.
        restated: restated.slice(0, 100).map(({ row, terms }) => ({
          accountId: Number(row.id),
          before: Object.fromEntries(Object.keys(terms).map((k) => [k, row[k as keyof AccountTerms]])),
          after: terms,
        })),
      },
    });
    return { received: batch.accounts.length, created: rows.length, existing, updated: restated.length };
  });
  // Within a file import the commit is still to come: its alerts show when the page loads.
  if (!within.tx) publishAlerts(ctx, notices);
  return result;
}

/**
 * The risk terms a source states for an account already registered, where they differ from the
 * stored ones (a term the source leaves out is not a change); null when nothing changed.
 */
function changedTerms(row: AccountRow, a: AccountBatch['accounts'][number]): AccountTerms | null {
  const terms: AccountTerms = {};
  if (a.daysPastDue !== undefined && a.daysPastDue !== row.days_past_due) terms.days_past_due = a.daysPastDue;
  if (a.classification !== undefined && a.classification !== row.classification)
    terms.classification = a.classification;
  if (a.limitMinor !== undefined && a.limitMinor !== num(row.limit_minor)) terms.limit_minor = a.limitMinor;
  if (a.usedMinor !== undefined && a.usedMinor !== num(row.used_minor)) terms.used_minor = a.usedMinor;
  return Object.keys(terms).length > 0 ? terms : null;
}

/**
 * Loans, facilities and cards as the early-warning rules see them: an account event now, when
 * they arrive (a loan already past due, a line already drawn to its limit) and when the source
 * restates their terms (days past due rising, a downgrade from the classification before).
 */
async function judgeAccounts(
  ctx: Ctx,
  tx: Tx,
  accounts: { row: AccountRow; previousClassification: LoanClassification | null }[],
): Promise<AlertNotice[]> {
  const judged = accounts.filter(
    ({ row: r }) => r.kind === 'loan' || r.kind === 'credit_facility' || r.kind === 'credit_card',
  );
  if (judged.length === 0) return [];
  const at = ctx.now.toISOString();
  const judgement = await startJudgement(
    tx,
    ctx.warningStates,
    new Map(judged.map(({ row: r }) => [Number(r.client_id), { firstAt: at, accounts: [] }])),
    ctx.dialect.rowLocks,
  );
  if (!judgement) return [];
  return finishJudgement(
    ctx,
    tx,
    judgement,
    judged.map(({ row: r, previousClassification }) => ({
      clientId: Number(r.client_id),
      transactionId: null,
      event: {
        kind: 'account' as const,
        at,
        accountId: Number(r.id),
        accountKind: r.kind as AccountKind,
        currency: r.currency,
        balanceMinor: Number(r.balance_minor),
        daysPastDue: num(r.days_past_due),
        classification: r.classification as LoanClassification | null,
        previousClassification,
        limitMinor: num(r.limit_minor),
        usedMinor: num(r.used_minor),
      },
    })),
  );
}

/** Ids whose records are this client's: its own and those of files merged into it. */
export async function clientIdsInScope(ctx: Ctx, clientId: number): Promise<number[]> {
  authorize(ctx.actor, 'client.read');
  if (!(await findClientInScope(ctx.db, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
  return [clientId, ...(await findMergedInto(ctx.db, clientId))];
}

const KIND_ORDER = new Map(ACCOUNT_KINDS.map((k, i) => [k as string, i]));

export async function listClientAccounts(ctx: Ctx, clientId: number): Promise<AccountList> {
  const ids = await clientIdsInScope(ctx, clientId);
  const rows = await listAccountsOfClients(ctx.db, ids);
  rows.sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || Number(a.id) - Number(b.id));
  return { items: rows.map((r) => presentAccount(r, ctx.vault)) };
}

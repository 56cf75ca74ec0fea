import type {
  AccountDetail,
  ClientKind,
  Collateral,
  CollateralCreate,
  CollateralKind,
  LoanGuarantee,
  LoanGuaranteeCreate,
  RepaymentMethod,
} from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { maskName } from '../../core/masking.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { amortize, instalmentStatuses, loanToValueBp, nextInstalment } from '../../finance/amortization.ts';
import { bankToday } from '../../finance/ledger.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { findClientInScope } from '../clients/clients.repo.ts';
import { findParties, findRelationship } from '../relationships/relationships.repo.ts';
import type { AccountRow } from './accounts.repo.ts';
import { presentAccount } from './accounts.present.ts';
import {
  type CollateralRow,
  findAccount,
  findLoanGuarantee,
  insertCollateral,
  insertLoanGuarantee,
  listCollateral,
  listLoanGuarantees,
  servingClientId,
} from './loans.repo.ts';

const NOT_FOUND = () => new AppError('account.not_found', 'No such account, or it is outside your book.');

const invalid = (field: string, message: string) =>
  new AppError('request.invalid', `${field} ${message}. Nothing was stored.`, {
    field,
    issues: [{ field, message }],
  });

/** The account, if its client (or the file it was merged into) is in the actor's scope; with that file's id. */
async function accountInScope(
  ctx: Ctx,
  tx: Tx,
  accountId: number,
): Promise<{ row: AccountRow; clientId: number }> {
  const row = await findAccount(tx, accountId);
  if (!row) throw NOT_FOUND();
  const clientId = await servingClientId(tx, Number(row.client_id));
  if (!(await findClientInScope(tx, clientScope(ctx.actor), clientId))) throw NOT_FOUND();
  return { row, clientId };
}

function requireLoan(row: AccountRow): void {
  if (row.kind !== 'loan') throw invalid('id', 'is not a loan: only loans take collateral and guarantees');
}

/** The loan terms a schedule needs that this account lacks (contract field names). */
function missingTerms(r: AccountRow): string[] {
  if (r.kind !== 'loan') return [];
  const missing: string[] = [];
  if (r.principal_minor === null) missing.push('principalMinor');
  if (r.rate_bp === null) missing.push('rateBp');
  if (r.term_months === null) missing.push('termMonths');
  if (r.repayment_method === null) missing.push('repaymentMethod');
  if (r.first_due_on === null) missing.push('firstDueOn');
  return missing;
}

function presentCollateral(c: CollateralRow, owedMinor: number): Collateral {
  const value = Number(c.appraised_value_minor);
  return {
    id: Number(c.id),
    kind: c.kind as CollateralKind,
    description: c.description,
    appraisedValue: { minor: value, currency: c.currency },
    appraisedOn: c.appraised_on,
    ltvBp: loanToValueBp(owedMinor, value),
    createdAt: c.created_at,
  };
}

async function detailOf(ctx: Ctx, tx: Tx, row: AccountRow): Promise<AccountDetail> {
  const account = presentAccount(row, ctx.vault);
  const owed = Math.max(0, account.balance.minor);
  const missing = missingTerms(row);
  let schedule: AccountDetail['schedule'] = null;
  if (row.kind === 'loan' && missing.length === 0) {
    const plan = amortize({
      principalMinor: Number(row.principal_minor),
      rateBp: Number(row.rate_bp),
      termMonths: Number(row.term_months),
      firstDueOn: row.first_due_on!,
      method: row.repayment_method as RepaymentMethod,
    });
    const statuses = instalmentStatuses(plan, {
      outstandingMinor: owed,
      daysPastDue: account.daysPastDue,
      today: bankToday(ctx.now),
    });
    schedule = {
      method: row.repayment_method as RepaymentMethod,
      instalments: plan.map((i, k) => ({ ...i, status: statuses[k]! })),
      next: nextInstalment(statuses),
      totalInterestMinor: plan.reduce((s, i) => s + i.interestMinor, 0),
    };
  }
  const collateralRows = await listCollateral(tx, account.id);
  const collateral = collateralRows.map((c) => presentCollateral(c, owed));
  const sameCurrency = collateralRows.filter((c) => c.currency === account.currency);
  const ltvBp =
    sameCurrency.length === 0
      ? null
      : loanToValueBp(
          owed,
          sameCurrency.reduce((s, c) => s + Number(c.appraised_value_minor), 0),
        );

  const links = await listLoanGuarantees(tx, account.id);
  const parties = await findParties(tx, clientScope(ctx.actor), [
    ...new Set(links.map((l) => Number(l.from_client_id))),
  ]);
  const guarantees: LoanGuarantee[] = links.map((l) => {
    const p = parties.get(Number(l.from_client_id))!;
    const kind = p.kind as ClientKind;
    return {
      relationshipId: Number(l.relationship_id),
      guarantor: p.visible
        ? { id: p.id, name: p.name, kind, visible: true }
        : { id: null, name: maskName(kind, p.name), kind, visible: false },
      amount:
        l.amount_minor === null || l.amount_ccy === null
          ? null
          : { minor: Number(l.amount_minor), currency: l.amount_ccy },
      startsOn: l.starts_on,
      endsOn: l.ends_on,
      linkedAt: l.created_at,
    };
  });
  return { account, schedule, scheduleMissing: missing, collateral, ltvBp, guarantees };
}

/** An account of a client in scope, with its schedule, collateral and guarantees (guarantors masked outside scope). */
export async function getAccountDetail(ctx: Ctx, accountId: number): Promise<AccountDetail> {
  authorize(ctx.actor, 'client.read');
  const { row } = await accountInScope(ctx, ctx.db, accountId);
  return detailOf(ctx, ctx.db, row);
}

/** Pledges a collateral item for a loan; audited with it. Answers the loan's detail. */
export async function addCollateral(
  ctx: Ctx,
  accountId: number,
  input: CollateralCreate,
): Promise<AccountDetail> {
  authorize(ctx.actor, 'client.update');
  const today = bankToday(ctx.now);
  if (!Number.isSafeInteger(input.appraisedValueMinor) || input.appraisedValueMinor <= 0)
    throw invalid('appraisedValueMinor', 'must be more than zero');
  if (input.appraisedOn > today) throw invalid('appraisedOn', 'cannot be in the future');
  if (input.appraisedOn < '1950-01-01') throw invalid('appraisedOn', 'is before 1950: check the year');
  const description = input.description.trim();
  if (description.length === 0) throw invalid('description', 'is required');
  return ctx.db.transaction().execute(async (tx) => {
    const { row, clientId } = await accountInScope(ctx, tx, accountId);
    requireLoan(row);
    const c = await insertCollateral(tx, {
      account_id: accountId,
      kind: input.kind,
      description,
      appraised_value_minor: input.appraisedValueMinor,
      currency: row.currency,
      appraised_on: input.appraisedOn,
      created_by: ctx.actor.id,
      created_at: ctx.now.toISOString(),
    });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'loan.collateral_add',
      clientId,
      targetType: 'account',
      targetId: accountId,
      after: {
        collateralId: Number(c.id),
        kind: input.kind,
        description,
        appraisedValueMinor: input.appraisedValueMinor,
        currency: row.currency,
        appraisedOn: input.appraisedOn,
      },
    });
    return detailOf(ctx, tx, row);
  });
}

/**
 * Links a guarantee to a loan: the relationship must be a guarantor link whose guaranteed party is
 * the loan's client (or the file it was merged into), still running. Audited with it.
 */
export async function linkGuarantee(
  ctx: Ctx,
  accountId: number,
  input: LoanGuaranteeCreate,
): Promise<AccountDetail> {
  authorize(ctx.actor, 'client.update');
  const today = bankToday(ctx.now);
  return ctx.db.transaction().execute(async (tx) => {
    const { row, clientId } = await accountInScope(ctx, tx, accountId);
    requireLoan(row);
    const rel = await findRelationship(tx, input.relationshipId);
    if (!rel) throw invalid('relationshipId', 'names no relationship');
    if (rel.kind !== 'guarantor') throw invalid('relationshipId', `is a ${rel.kind} link, not a guarantee`);
    const guaranteed = Number(rel.to_client_id);
    if (guaranteed !== clientId && guaranteed !== Number(row.client_id))
      throw invalid('relationshipId', "guarantees another client, not this loan's borrower");
    if (rel.ends_on !== null && rel.ends_on < today)
      throw invalid('relationshipId', `is a guarantee that ended on ${rel.ends_on}`);
    if (await findLoanGuarantee(tx, accountId, input.relationshipId))
      throw new AppError('relationship.duplicate', 'This guarantee is already linked to the loan.', {
        field: 'relationshipId',
      });
    await insertLoanGuarantee(tx, {
      account_id: accountId,
      relationship_id: input.relationshipId,
      created_by: ctx.actor.id,
      created_at: ctx.now.toISOString(),
    });
    await appendAudit(tx, ctx, {
      ...auditFrom(ctx),
      action: 'loan.guarantee_link',
      clientId,
      targetType: 'account',
      targetId: accountId,
      after: {
        relationshipId: input.relationshipId,
        guarantorId: Number(rel.from_client_id),
        amountMinor: rel.amount_minor === null ? null : Number(rel.amount_minor),
        currency: rel.amount_ccy,
      },
    });
    return detailOf(ctx, tx, row);
  });
}

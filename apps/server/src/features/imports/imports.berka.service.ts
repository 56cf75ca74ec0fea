import crypto from 'node:crypto';
import { TransactionBatch } from '@dossier/contract';
import type { Ctx } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authorize } from '../../core/policy.ts';
import type { Tx } from '../../db/dialect.ts';
import { chunks } from '../accounts/accounts.repo.ts';
import { importAccounts } from '../accounts/accounts.service.ts';
import { appendAudit, auditFrom } from '../audit/audit.service.ts';
import { blindKey } from '../clients/clients.profile.ts';
import { insertClientBatch } from '../clients/clients.repo.ts';
import { newClientRow, prepareNewClient } from '../clients/clients.service.ts';
import { ingestTransactions } from '../transactions/transactions.service.ts';
import {
  BERKA_FILES,
  BERKA_SOURCE,
  type BerkaAccount,
  type BerkaBank,
  type BerkaFile,
  type BerkaProblem,
  readBerka,
} from './imports.berka.ts';
import { findExistingIdentities, findUsersByUsernames } from './imports.repo.ts';

export type BerkaPhase = 'clients' | 'accounts' | 'transactions';
export type BerkaReport = {
  counts: BerkaBank['counts'];
  clients: { created: number; existing: number };
  accounts: { created: number; existing: number };
  transactions: { inserted: number; duplicates: number };
  /** True when the folder added nothing: everything in it was stored before. */
  unchanged: boolean;
  elapsedMs: number;
};

/** Transactions per call of the batch path (its limit is 10,000); each writes one audit entry. */
const TRANSACTION_CHUNK = 5000;

const where = (p: BerkaProblem) =>
  `${p.file}${p.line > 0 ? ` line ${p.line}` : ''}${p.column ? `, column ${p.column}` : ''}`;

function rejected(problems: BerkaProblem[]): AppError {
  const first = problems[0]!;
  return new AppError(
    'import.rejected',
    `${where(first)}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}. Nothing was imported: correct the folder and import it again.`,
    { details: { problems: problems.slice(0, 200), total: problems.length } },
  );
}

/**
 * Imports the Berka (PKDD'99) folder: districts, clients, accounts, loans, cards and transactions,
 * all or nothing. Everything is read and checked first; then one database transaction stores the
 * clients (owned by `ownerUsername`), registers the accounts and sends the transactions through
 * the same batch path as the API, in chunks. A second import finds everything stored and adds
 * nothing; a killed import leaves nothing, because its one transaction never committed.
 */
export async function importBerka(
  ctx: Ctx,
  files: Partial<Record<BerkaFile, string>>,
  opts: { ownerUsername: string; onProgress?: (phase: BerkaPhase, done: number, total: number) => void },
): Promise<BerkaReport> {
  authorize(ctx.actor, 'transaction.ingest');
  const started = Date.now();
  const read = readBerka(files);
  if (!read.ok) throw rejected(read.problems);
  const bank = read.bank;

  const prepared = bank.clients.map((c) => ({ ...c, prepared: prepareNewClient(c.input, ctx.now) }));
  const clientProblems = prepared.flatMap((c) =>
    c.prepared.issues.map((i) => ({
      file: 'client.asc' as const,
      line: c.line,
      column: null,
      message: `${i.field} ${i.message}`,
    })),
  );
  if (clientProblems.length > 0) throw rejected(clientProblems);

  const [owner] = await findUsersByUsernames(ctx.db, [opts.ownerUsername]);
  if (owner?.active !== 1 || (owner.role !== 'rm' && owner.role !== 'team_lead') || owner.team_id === null)
    throw new AppError(
      'client.invalid_owner',
      `${opts.ownerUsername} is not an active relationship manager or team lead in a team: name the one who will own the Berka clients.`,
      { field: 'owner' },
    );
  const folderSha256 = crypto
    .createHash('sha256')
    .update(BERKA_FILES.map((f) => `${f}\n${files[f] ?? ''}`).join('\n'))
    .digest('hex');

  return ctx.db.transaction().execute(async (tx) => {
    // Clients: a Berka client is known again by the blind index of its synthetic passport number.
    const hashOf = (n: string) => ctx.vault.blindIndex(...blindKey('idNumber', n));
    const existing = new Map(
      (
        await findExistingIdentities(
          tx,
          prepared.map((c) => hashOf(c.input.idNumber)),
          [],
        )
      ).map((e) => [e.id_number_hash, e.id]),
    );
    const idOf = new Map<number, number>();
    for (const c of prepared) {
      const id = existing.get(hashOf(c.input.idNumber));
      if (id !== undefined) idOf.set(c.berkaId, id);
    }
    const fresh = prepared.filter((c) => !idOf.has(c.berkaId));
    const ownerRef = {
      id: Number(owner.id),
      team_id: Number(owner.team_id),
      branch_id: owner.branch_id === null ? null : Number(owner.branch_id),
    };
    let done = 0;
    for (const part of chunks(fresh, 250)) {
      const ids = await insertClientBatch(
        tx,
        part.map((c) => newClientRow(ctx, c.prepared, ownerRef)),
      );
      for (const [i, c] of part.entries()) idOf.set(c.berkaId, ids[i]!);
      done += part.length;
      opts.onProgress?.('clients', done, fresh.length);
    }
    opts.onProgress?.('clients', fresh.length, fresh.length);
    if (fresh.length > 0)
      await appendAudit(tx, ctx, {
        ...auditFrom(ctx),
        action: 'client.import',
        targetType: 'import',
        targetId: BERKA_SOURCE,
        details: {
          source: BERKA_SOURCE,
          folderSha256,
          rows: prepared.length,
          created: fresh.length,
          skipped: prepared.length - fresh.length,
          owner: owner.username,
        },
      });

    const accounts = await registerAccounts(ctx, tx, bank.accounts, idOf, opts.onProgress);
    const transactions = await sendTransactions(ctx, tx, bank, folderSha256, opts.onProgress);
    return {
      counts: bank.counts,
      clients: { created: fresh.length, existing: prepared.length - fresh.length },
      accounts,
      transactions,
      unchanged: fresh.length === 0 && accounts.created === 0 && transactions.inserted === 0,
      elapsedMs: Date.now() - started,
    };
  });
}

/** The Berka column behind a Dossier field, for problems the batch path finds. */
const ACCOUNT_COLUMNS: Record<BerkaAccount['file'], Record<string, string>> = {
  'account.asc': {
    accountNo: 'account_id',
    externalId: 'account_id',
    clientId: 'account_id',
    openedOn: 'date',
  },
  'loan.asc': {
    accountNo: 'loan_id',
    externalId: 'loan_id',
    clientId: 'account_id',
    openedOn: 'date',
    principalMinor: 'amount',
    balanceMinor: 'amount',
    termMonths: 'duration',
    maturityOn: 'duration',
    closedOn: 'duration',
    classification: 'status',
  },
  'card.asc': { accountNo: 'card_id', externalId: 'card_id', clientId: 'disp_id', openedOn: 'issued' },
};
const TRANSACTION_COLUMNS: Record<string, string> = {
  accountNo: 'account_id',
  bookedAt: 'date',
  externalId: 'trans_id',
  currency: 'amount',
  amountMinor: 'amount',
  balanceAfterMinor: 'balance',
};

/** A problem the batch path found (`accounts.17.openedOn`), named by file, line and column instead. */
function located<T extends { file: BerkaFile; line: number }>(
  err: unknown,
  part: T[],
  prefix: string,
  columnOf: (field: string, at: T) => string | undefined,
): never {
  if (!(err instanceof AppError) || !err.issues?.length) throw err;
  const problems = err.issues.map((i) => {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.(\\w+)`).exec(i.field);
    const at = m ? part[Number(m[1])] : undefined;
    return at
      ? { file: at.file, line: at.line, column: columnOf(m![2]!, at) ?? m![2]!, message: i.message }
      : { file: part[0]!.file, line: 0, column: null, message: `${i.field} ${i.message}` };
  });
  throw rejected(problems);
}

async function registerAccounts(
  ctx: Ctx,
  tx: Tx,
  accounts: BerkaAccount[],
  idOf: Map<number, number>,
  onProgress?: (phase: BerkaPhase, done: number, total: number) => void,
) {
  let created = 0;
  let existing = 0;
  let done = 0;
  for (const part of chunks(accounts, 1000)) {
    try {
      const r = await importAccounts(
        ctx,
        {
          source: BERKA_SOURCE,
          accounts: part.map((a) => ({ ...a.account, clientId: idOf.get(a.clientBerkaId)! })),
        },
        { tx },
      );
      created += r.created;
      existing += r.existing + r.updated;
    } catch (err) {
      located(err, part, 'accounts', (field, at) => ACCOUNT_COLUMNS[at.file][field]);
    }
    done += part.length;
    onProgress?.('accounts', done, accounts.length);
  }
  return { created, existing };
}

async function sendTransactions(
  ctx: Ctx,
  tx: Tx,
  bank: BerkaBank,
  folderSha256: string,
  onProgress?: (phase: BerkaPhase, done: number, total: number) => void,
) {
  let inserted = 0;
  let duplicates = 0;
  let done = 0;
  const all = bank.transactions.map((t) => ({ ...t, file: 'trans.asc' as const }));
  for (const part of chunks(all, TRANSACTION_CHUNK)) {
    try {
      const batch = TransactionBatch.parse({ source: BERKA_SOURCE, transactions: part.map((t) => t.item) });
      const r = await ingestTransactions(ctx, batch, {
        tx,
        details: { file: 'trans.asc', folderSha256, firstLine: part[0]!.line },
      });
      inserted += r.inserted;
      duplicates += r.duplicates;
    } catch (err) {
      located(err, part, 'transactions', (field) => TRANSACTION_COLUMNS[field]);
    }
    done += part.length;
    onProgress?.('transactions', done, all.length);
  }
  return { inserted, duplicates };
}

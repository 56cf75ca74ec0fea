import type { ImportProblem, TransactionItem } from '@dossier/contract';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * ISO 20022 camt.053 (bank-to-customer statement) read as transactions. Pure: XML text in,
 * statements with their entries (or problems) out; no I/O. Tolerant of the schema versions
 * (053.001.02 … .08: namespaces are dropped, `Dbtr/Nm` and `Dbtr/Pty/Nm` both read).
 *
 * - The account: `Stmt/Acct/Id/IBAN`, else `Stmt/Acct/Id/Othr/Id`.
 * - An entry: `Amt` with `Ccy`, `CdtDbtInd`, `BookgDt` (else `ValDt`) as `Dt` or `DtTm`; its
 *   reference (the idempotency key) is `AcctSvcrRef`, else `NtryRef`, else the first
 *   transaction's `Refs/AcctSvcrRef` or `Refs/EndToEndId` (not `NOTPROVIDED`).
 * - The counterparty: the debtor of a credit, the creditor of a debit (`RltdPties`).
 * - `RmtInf/Ustrd` is the description; `BkTxCd` chooses channel and category.
 * - `Bal` of type `CLBD` (closing booked) is the balance after the statement's newest entry.
 * - A date without a time is booked at noon, bank time (Asia/Shanghai); a time without a zone is
 *   bank time too.
 */

export type CamtEntry = {
  /** The entry's number counted from 1 through the file (problems are reported by it). */
  entry: number;
  /** Where it is in the XML, for people: `Stmt[2]/Ntry[3]`. */
  path: string;
  item: TransactionItem;
};
export type CamtStatement = {
  /** `Stmt[2]`: the statement's place in the file. */
  path: string;
  /** Its `Id` (and `ElctrncSeqNb` when present), as the bank numbered it. */
  id: string;
  accountNo: string;
  /** The first entry's number, for problems about the statement itself (0 when it has none). */
  firstEntry: number;
  entries: CamtEntry[];
};

const ARRAYS = new Set(['Stmt', 'Ntry', 'Bal', 'TxDtls', 'NtryDtls', 'Ustrd']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;
const node = (v: unknown): Node | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map((x) => node(x) ?? {}) : []);
/** The text at a path of child names: `text(ntry, 'BookgDt', 'Dt')`. */
function text(n: unknown, ...path: string[]): string | undefined {
  let at: unknown = n;
  for (const p of path) {
    const next = node(at)?.[p];
    at = Array.isArray(next) ? next[0] : next;
  }
  if (typeof at === 'string') return at.trim() || undefined;
  const inner = node(at)?.['#text'];
  return typeof inner === 'string' ? inner.trim() || undefined : undefined;
}

/** Currencies whose minor unit is not the cent (ISO 4217 exponents). */
const EXPONENT: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  ISK: 0,
  CLP: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

/** `1234.5` EUR → 123450. Exact: the digits, never a float. A string that says why, when it is no amount. */
export function minorUnits(amount: string, currency: string): number | string {
  const exp = EXPONENT[currency] ?? 2;
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(amount);
  if (!m) return `"${amount}" is not an amount such as 1234.56`;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) return `"${amount}" has more decimals than ${currency} has (${exp})`;
  const minor = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : `"${amount}" is too large`;
}

/** A camt date or date-time as an instant: a bare date is noon bank time, a bare time is bank time. */
export function camtInstant(v: string): string | null {
  const date = /^(\d{4}-\d{2}-\d{2})(?:[+-]\d{2}:\d{2}|Z)?$/.exec(v);
  const at = date ? `${date[1]}T12:00:00+08:00` : /(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}+08:00`;
  const t = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/.test(v) || Number.isNaN(t)) return null;
  // Date.parse rolls 2026-02-30 over to March: a day that does not exist is no date.
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) !== v.slice(0, 10)) return null;
  return new Date(t).toISOString();
}

type Purpose = Pick<TransactionItem, 'channel' | 'category'>;
/**
 * Channel and category from the bank transaction code (`BkTxCd/Domn/Fmly`, ISO 20022 external
 * code sets): cash withdrawals, card payments, salaries, interest and charges are recognised;
 * anything else is a transfer in or out.
 */
export function purposeOf(
  family: string | undefined,
  subFamily: string | undefined,
  direction: 'credit' | 'debit',
): Purpose {
  const transfer: Purpose = {
    channel: 'transfer',
    category: direction === 'credit' ? 'transfer_in' : 'transfer_out',
  };
  switch (subFamily) {
    case 'CWDL':
      return { channel: 'atm', category: 'cash_withdrawal' };
    case 'CDPT':
      return { channel: 'counter', category: 'cash_deposit' };
    case 'POSD':
    case 'POSP':
    case 'SMRT':
      return { channel: 'pos', category: 'consumption' };
    case 'SALA':
      return direction === 'credit' ? { channel: 'transfer', category: 'salary' } : transfer;
    case 'INTR':
      return { channel: 'transfer', category: 'interest' };
    case 'CHRG':
    case 'FEES':
    case 'COMM':
      return { channel: 'transfer', category: 'fee' };
  }
  if (family === 'CCRD' || family === 'MCRD') return { channel: 'pos', category: 'consumption' };
  if (family === 'CNTR')
    return { channel: 'counter', category: direction === 'credit' ? 'cash_deposit' : 'cash_withdrawal' };
  return transfer;
}

const accountOf = (acct: unknown) => text(acct, 'Id', 'IBAN') ?? text(acct, 'Id', 'Othr', 'Id');
const partyName = (party: unknown) => text(party, 'Nm') ?? text(party, 'Pty', 'Nm');

/**
 * Reads a camt.053 file. Every statement and entry is checked; problems name the entry (counted
 * through the file), the XML element, and the statement.
 */
export function parseCamt053(xml: string): {
  statements: CamtStatement[];
  problems: ImportProblem[];
  /** Entries in the file, good and bad. */
  entries: number;
} {
  const problems: ImportProblem[] = [];
  const fail = (message: string) => ({
    statements: [],
    problems: [{ row: 0, column: null, field: null, message }],
    entries: 0,
  });
  const source = xml.replace(/^\uFEFF/, '');
  if (/<!(DOCTYPE|ENTITY)/i.test(source))
    return fail(
      'The file declares a DOCTYPE or entities, which a camt.053 statement never needs; it is refused.',
    );
  const valid = XMLValidator.validate(source);
  if (valid !== true)
    return fail(
      `The file is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
    );
  const doc = node(parser.parse(source));
  const root = node(node(doc?.Document)?.BkToCstmrStmt);
  if (!root)
    return fail(
      'This is not a camt.053 statement: no Document/BkToCstmrStmt element. (camt.052 reports and camt.054 notifications are other messages.)',
    );
  const stmts = list(root.Stmt);
  if (stmts.length === 0) return fail('The file holds no statement (Stmt).');

  const statements: CamtStatement[] = [];
  let entryNo = 0;
  stmts.forEach((stmt, s) => {
    const path = `Stmt[${s + 1}]`;
    const id = [text(stmt, 'Id'), text(stmt, 'ElctrncSeqNb')].filter(Boolean).join(' #') || path;
    const entries = list(stmt.Ntry);
    const firstEntry = entries.length > 0 ? entryNo + 1 : 0;
    const where = (column: string, message: string, row = firstEntry) =>
      problems.push({ row, column, field: null, message: `statement ${id}: ${message}` });
    const accountNo = accountOf(stmt.Acct)?.replace(/[\s-]/g, '').toUpperCase();
    if (!accountNo) where(`${path}/Acct/Id`, 'names no account (Acct/Id/IBAN or Acct/Id/Othr/Id)');
    const accountCcy = text(stmt, 'Acct', 'Ccy');
    const closing = list(stmt.Bal).find((b) => text(b, 'Tp', 'CdOrPrtry', 'Cd') === 'CLBD');
    let closingMinor: number | null = null;
    if (closing) {
      const ccy = node(node(closing.Amt))?.['@Ccy'];
      const amount = text(closing, 'Amt');
      const minor =
        typeof ccy === 'string' && amount ? minorUnits(amount, ccy) : 'has no amount with its currency';
      if (typeof minor === 'string') where(`${path}/Bal[CLBD]/Amt`, `the closing balance ${minor}`);
      else closingMinor = text(closing, 'CdtDbtInd') === 'DBIT' ? -minor : minor;
    }

    const out: CamtEntry[] = [];
    entries.forEach((ntry, e) => {
      entryNo += 1;
      const at = `${path}/Ntry[${e + 1}]`;
      const bad = (element: string, message: string) =>
        problems.push({
          row: entryNo,
          column: `${at}/${element}`,
          field: null,
          message: `statement ${id}, entry ${e + 1}: ${message}`,
        });
      const before = problems.length;
      const status = text(ntry, 'Sts') ?? text(ntry, 'Sts', 'Cd');
      if (status !== undefined && status !== 'BOOK') {
        bad('Sts', `is ${status}, not BOOK: only booked entries belong in a statement's transactions`);
        return;
      }
      const amt = node(ntry.Amt);
      const currency = typeof amt?.['@Ccy'] === 'string' ? (amt['@Ccy'] as string) : accountCcy;
      const amount = text(ntry, 'Amt');
      const indicator = text(ntry, 'CdtDbtInd');
      const direction = indicator === 'CRDT' ? 'credit' : indicator === 'DBIT' ? 'debit' : null;
      if (!direction) bad('CdtDbtInd', `"${indicator ?? ''}" is neither CRDT nor DBIT`);
      if (text(ntry, 'RvslInd') === 'true')
        bad('RvslInd', 'is a reversal: send the correction as its own entry');
      let minor: number | string = 'is missing';
      if (!currency) bad('Amt', 'has no currency (Ccy)');
      else if (!amount) bad('Amt', 'is missing');
      else {
        minor = minorUnits(amount, currency);
        if (typeof minor === 'string') bad('Amt', minor);
        else if (minor === 0) bad('Amt', 'is zero: an entry moves money');
      }
      const when =
        text(ntry, 'BookgDt', 'DtTm') ??
        text(ntry, 'BookgDt', 'Dt') ??
        text(ntry, 'ValDt', 'DtTm') ??
        text(ntry, 'ValDt', 'Dt');
      const bookedAt = when ? camtInstant(when) : null;
      if (!bookedAt)
        bad('BookgDt', when ? `"${when}" is not a date such as 2026-11-02` : 'is missing (and so is ValDt)');
      const tx = list(list(ntry.NtryDtls)[0]?.TxDtls)[0];
      const endToEnd = text(tx, 'Refs', 'EndToEndId');
      const reference =
        text(ntry, 'AcctSvcrRef') ??
        text(ntry, 'NtryRef') ??
        text(tx, 'Refs', 'AcctSvcrRef') ??
        (endToEnd && endToEnd !== 'NOTPROVIDED' ? endToEnd : undefined);
      if (!reference)
        bad(
          'AcctSvcrRef',
          'has no reference (AcctSvcrRef, NtryRef or Refs/EndToEndId): without one it cannot be recognised when the file is sent again',
        );
      if (
        problems.length > before ||
        !direction ||
        typeof minor !== 'number' ||
        !bookedAt ||
        !reference ||
        !accountNo
      )
        return;

      const parties = node(tx?.RltdPties);
      const name = direction === 'credit' ? partyName(parties?.Dbtr) : partyName(parties?.Cdtr);
      const otherAccount = accountOf(direction === 'credit' ? parties?.DbtrAcct : parties?.CdtrAcct)
        ?.replace(/[\s-]/g, '')
        .toUpperCase();
      const remittance = node(tx?.RmtInf)?.Ustrd;
      const description =
        (Array.isArray(remittance) ? remittance.map(String) : []).join(' ').trim().slice(0, 500) ||
        text(ntry, 'AddtlNtryInf')?.slice(0, 500);
      const { channel, category } = purposeOf(
        text(ntry, 'BkTxCd', 'Domn', 'Fmly', 'Cd'),
        text(ntry, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd'),
        direction,
      );
      out.push({
        entry: entryNo,
        path: at,
        item: {
          externalId: reference.slice(0, 100),
          accountNo,
          bookedAt,
          amountMinor: minor,
          direction,
          currency: currency!,
          channel,
          category,
          ...(name ? { counterpartyName: name.slice(0, 200) } : {}),
          ...(otherAccount && /^[0-9A-Z]{6,34}$/.test(otherAccount)
            ? { counterpartyAccount: otherAccount }
            : {}),
          ...(description ? { description } : {}),
        },
      });
    });
    // The closing balance is the balance after the statement's newest entry.
    if (closingMinor !== null && out.length > 0) {
      let newest = out[0]!;
      for (const x of out) if (x.item.bookedAt >= newest.item.bookedAt) newest = x;
      newest.item = { ...newest.item, balanceAfterMinor: closingMinor };
    }
    statements.push({ path, id, accountNo: accountNo ?? '', firstEntry, entries: out });
  });
  return { statements, problems, entries: entryNo };
}

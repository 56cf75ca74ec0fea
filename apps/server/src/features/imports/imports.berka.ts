import { AccountCreate, ClientCreate, type LoanClassification, TransactionItem } from '@dossier/contract';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

/**
 * The PKDD'99 (Berka) Czech bank data set read as Dossier's clients, accounts and transactions.
 * Pure: the files' text in, records or problems (file, line, column, reason) out. No I/O.
 *
 * Mapping decisions (docs/ARCHITECTURE.md, "File ingestion"):
 * - district → kept on the client (address "district, region, Czech Republic" and a tag); all
 *   Berka clients belong to the one RM the import names, so there is no branch per district.
 * - client → an individual; Berka has no names, so a Czech pseudonym chosen by the client id from
 *   fixed lists; birth date and gender from birth_number (women: month + 50); no ID document, so
 *   idType passport with the synthetic number BERKA + 7-digit client id.
 * - account → a CZK demand deposit `BERKA` + 6-digit id, owned by the disposition's OWNER.
 *   A DISPONENT (may operate someone else's account) becomes a client without accounts, tagged:
 *   Dossier has no co-holder link, and calling them household members would be a guess.
 * - loan → a loan account `BERKAL…`: principal = amount, term = duration, classification from the
 *   status (A repaid → normal, closed at maturity; C running fine → normal; D running in debt →
 *   substandard; B ended unpaid → doubtful). Berka states no outstanding balances: a loan not
 *   repaid shows its amount as owed on the day it was granted.
 * - card → a credit_card account `BERKAC…` of the disposition's client, limit 0 (Berka cards are
 *   cards on the deposit account; their withdrawals are booked there).
 * - order (standing orders) → read and checked, not stored: Dossier has no standing orders yet.
 * - trans → transactions from source `berka` with the Berka trans_id as external id; the balance
 *   column is the balance after. Berka gives dates only: each is booked at 12:00 Central European
 *   Time (11:00 UTC, the same bank day in Asia/Shanghai), one second apart within an account's
 *   day, in the order that follows the balance column.
 */

export const BERKA_FILES = [
  'district.asc',
  'client.asc',
  'account.asc',
  'disp.asc',
  'loan.asc',
  'card.asc',
  'order.asc',
  'trans.asc',
] as const;
export type BerkaFile = (typeof BERKA_FILES)[number];
export const BERKA_SOURCE = 'berka';

/** A problem in the folder: the file, the line (1 is the header), the column, and what to do. */
export type BerkaProblem = { file: BerkaFile; line: number; column: string | null; message: string };

type IndividualInput = Extract<ClientCreate, { kind: 'individual' }>;
export type BerkaClient = { berkaId: number; line: number; input: IndividualInput };
export type BerkaAccount = {
  file: 'account.asc' | 'loan.asc' | 'card.asc';
  line: number;
  /** The Berka client who holds it. */
  clientBerkaId: number;
  account: Omit<AccountCreate, 'source'> & { externalId: string };
};
export type BerkaTransaction = { line: number; item: TransactionItem };
export type BerkaBank = {
  clients: BerkaClient[];
  accounts: BerkaAccount[];
  /** In booking order. */
  transactions: BerkaTransaction[];
  counts: {
    districts: number;
    clients: number;
    disponents: number;
    deposits: number;
    loans: number;
    cards: number;
    /** Standing orders read and checked, not stored. */
    orders: number;
    transactions: number;
  };
};

const HEADERS: Record<BerkaFile, readonly string[]> = {
  'district.asc': ['A1', 'A2', 'A3', 'A4'],
  'client.asc': ['client_id', 'birth_number', 'district_id'],
  'account.asc': ['account_id', 'district_id', 'frequency', 'date'],
  'disp.asc': ['disp_id', 'client_id', 'account_id', 'type'],
  'loan.asc': ['loan_id', 'account_id', 'date', 'amount', 'duration', 'payments', 'status'],
  'card.asc': ['card_id', 'disp_id', 'type', 'issued'],
  'order.asc': ['order_id', 'account_id', 'bank_to', 'account_to', 'amount', 'k_symbol'],
  'trans.asc': [
    'trans_id',
    'account_id',
    'date',
    'type',
    'operation',
    'amount',
    'balance',
    'k_symbol',
    'bank',
    'account',
  ],
};

export const DEPOSIT_NO = (id: number) => `BERKA${String(id).padStart(6, '0')}`;
export const LOAN_NO = (id: number) => `BERKAL${String(id).padStart(6, '0')}`;
export const CARD_NO = (id: number) => `BERKAC${String(id).padStart(6, '0')}`;
export const PASSPORT_NO = (id: number) => `BERKA${String(id).padStart(7, '0')}`;

const STATEMENT: Record<string, string> = {
  'POPLATEK MESICNE': '月结单',
  'POPLATEK TYDNE': '周结单',
  'POPLATEK PO OBRATU': '逐笔结单',
};

/** Loan status → five-category classification, and whether the loan is over. */
export const LOAN_STATUS: Record<
  string,
  { classification: LoanClassification; finished: boolean; repaid: boolean }
> = {
  A: { classification: 'normal', finished: true, repaid: true },
  B: { classification: 'doubtful', finished: true, repaid: false },
  C: { classification: 'normal', finished: false, repaid: false },
  D: { classification: 'substandard', finished: false, repaid: false },
};

const CARD_TYPES: Record<string, string> = { junior: '青少年卡', classic: '普卡', gold: '金卡' };

type TxnKind = { direction: 'credit' | 'debit' };
const TYPES: Record<string, TxnKind> = {
  PRIJEM: { direction: 'credit' },
  VYDAJ: { direction: 'debit' },
  VYBER: { direction: 'debit' },
};

type Purpose = {
  category: TransactionItem['category'];
  channel: TransactionItem['channel'];
  label: string;
};
/** `operation`: how the money moved. Empty: a booking by the bank itself (interest). */
const OPERATIONS: Record<string, Purpose> = {
  'VYBER KARTOU': { category: 'cash_withdrawal', channel: 'atm', label: '银行卡取现' },
  VKLAD: { category: 'cash_deposit', channel: 'counter', label: '现金存入' },
  'PREVOD Z UCTU': { category: 'transfer_in', channel: 'transfer', label: '他行转入' },
  VYBER: { category: 'cash_withdrawal', channel: 'counter', label: '现金支取' },
  'PREVOD NA UCET': { category: 'transfer_out', channel: 'transfer', label: '转账至他行' },
  '': { category: 'other', channel: 'transfer', label: '银行记账' },
};
/** `k_symbol`: what the money was for; when present it decides the category. */
const PURPOSES: Record<string, { category: TransactionItem['category']; label: string } | null> = {
  POJISTNE: { category: 'consumption', label: '保险费' },
  SLUZBY: { category: 'fee', label: '结单手续费' },
  UROK: { category: 'interest', label: '利息' },
  'SANKC. UROK': { category: 'fee', label: '透支罚息' },
  SIPO: { category: 'consumption', label: '家庭缴费' },
  DUCHOD: { category: 'salary', label: '养老金' },
  UVER: { category: 'loan_repayment', label: '贷款还款' },
  '': null,
};

// biome-ignore format: name lists read best as lines
const MALE_FIRST = ['Jan', 'Petr', 'Josef', 'Pavel', 'Jaroslav', 'Martin', 'Tomáš', 'Jiří', 'Miroslav', 'František',
  'Zdeněk', 'Václav', 'Karel', 'Milan', 'Michal', 'Vladimír', 'Lukáš', 'David', 'Jakub', 'Ladislav'];
// biome-ignore format: name lists read best as lines
const FEMALE_FIRST = ['Marie', 'Jana', 'Eva', 'Hana', 'Anna', 'Lenka', 'Kateřina', 'Věra', 'Lucie', 'Alena', 'Petra',
  'Jaroslava', 'Ludmila', 'Helena', 'Veronika', 'Jitka', 'Martina', 'Zdeňka', 'Michaela', 'Ivana'];
// biome-ignore format: name lists read best as lines
const SURNAMES: [male: string, female: string][] = [
  ['Novák', 'Nováková'], ['Svoboda', 'Svobodová'], ['Novotný', 'Novotná'], ['Dvořák', 'Dvořáková'],
  ['Černý', 'Černá'], ['Procházka', 'Procházková'], ['Kučera', 'Kučerová'], ['Veselý', 'Veselá'],
  ['Horák', 'Horáková'], ['Němec', 'Němcová'], ['Pokorný', 'Pokorná'], ['Marek', 'Marková'],
  ['Pospíšil', 'Pospíšilová'], ['Hájek', 'Hájková'], ['Jelínek', 'Jelínková'], ['Král', 'Králová'],
  ['Růžička', 'Růžičková'], ['Beneš', 'Benešová'], ['Fiala', 'Fialová'], ['Sedláček', 'Sedláčková'],
];

/** A pseudonym for a Berka client (the data set has no names), the same for the same id. */
export function berkaName(clientId: number, gender: 'male' | 'female'): string {
  const first = (gender === 'male' ? MALE_FIRST : FEMALE_FIRST)[(clientId * 7) % 20]!;
  const surname = SURNAMES[(clientId * 13 + Math.floor(clientId / 20)) % 20]!;
  return `${first} ${gender === 'male' ? surname[0] : surname[1]}`;
}

/** `706213` → born 1970-12-13, a woman (the month has 50 added). Null when it is no date. */
export function decodeBirthNumber(v: string): { birthDate: string; gender: 'male' | 'female' } | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const month = Number(m[2]);
  const gender = month > 50 ? 'female' : 'male';
  const date = realDate(1900 + Number(m[1]), month > 50 ? month - 50 : month, Number(m[3]));
  return date ? { birthDate: date, gender } : null;
}

function realDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

/** `930705` (or `931107 00:00:00`) → `1993-07-05`. */
export function berkaDate(v: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})(?: 00:00:00)?$/.exec(v);
  return m ? realDate(1900 + Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** `3401.50` → 340150 (hellers). Exact: the digits, never a float. Null when it is no amount. */
export function berkaMinor(v: string, signed = false): number | null {
  const m = (signed ? /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/ : /^()(\d{1,13})(?:\.(\d{1,2}))?$/).exec(v);
  if (!m) return null;
  const minor = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -minor : minor;
}

const addMonths = (day: string, n: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
};

type Row = { line: number; cells: Record<string, string> };
const ACCOUNT_INPUT = AccountCreate.omit({ source: true });

/** One file's rows by header name, or a problem for the file as a whole. */
function readRows(file: BerkaFile, text: string | undefined, problems: BerkaProblem[]): Row[] {
  if (text === undefined) {
    problems.push({ file, line: 0, column: null, message: `${file} is missing from the folder` });
    return [];
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: ';',
      // Berka writes CRLF; a line edited by hand may end in LF alone.
      record_delimiter: ['\r\n', '\n'],
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    problems.push({
      file,
      line,
      column: null,
      message: `cannot be read: ${(err as Error).message.split('\n')[0]}`,
    });
    return [];
  }
  const [head, ...body] = records;
  const header = head?.record.map((h) => h.trim()) ?? [];
  const missing = HEADERS[file].filter((h) => !header.includes(h));
  if (missing.length > 0) {
    problems.push({
      file,
      line: 1,
      column: missing[0]!,
      message: `the header lacks the column(s) ${missing.join(', ')}: is this the Berka ${file}?`,
    });
    return [];
  }
  return body.map(({ record, info }) => ({
    line: info.lines,
    cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])),
  }));
}

/** Reads cells of one row, recording what is wrong by column. */
function cellsOf(file: BerkaFile, row: Row, problems: BerkaProblem[]) {
  const bad = (column: string, message: string) => {
    problems.push({ file, line: row.line, column, message: `"${row.cells[column]}" ${message}` });
    return null;
  };
  return {
    id: (column: string) => {
      const v = row.cells[column]!;
      return /^\d{1,9}$/.test(v) ? Number(v) : bad(column, 'is not a whole number');
    },
    date: (column: string) => berkaDate(row.cells[column]!) ?? bad(column, 'is not a date written YYMMDD'),
    minor: (column: string, signed = false) =>
      berkaMinor(row.cells[column]!, signed) ??
      bad(column, `is not an amount such as 1234.50${signed ? ' or -1234.50' : ''}`),
    oneOf: <T>(column: string, table: Record<string, T>) => {
      const v = row.cells[column]!;
      return v in table
        ? (table[v] as T)
        : bad(
            column,
            `is not one of ${Object.keys(table)
              .map((k) => `"${k}"`)
              .join(', ')}`,
          );
    },
    text: (column: string) => row.cells[column]!,
    bad,
  };
}

/** Where a field of a Dossier record came from, for problems found by the contract. */
const TRANSACTION_COLUMNS: Record<string, string> = {
  externalId: 'trans_id',
  accountNo: 'account_id',
  bookedAt: 'date',
  amountMinor: 'amount',
  balanceAfterMinor: 'balance',
  direction: 'type',
  category: 'k_symbol',
  channel: 'operation',
  counterpartyAccount: 'account',
};

function zodProblems(file: BerkaFile, line: number, err: z.ZodError, columns: Record<string, string> = {}) {
  return err.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    return { file, line, column: columns[field] ?? (field || null), message: `${field} ${i.message}` };
  });
}

/**
 * Reads a Berka folder (file name → text). Every row is checked, and every reference between the
 * files resolved, before anything is returned: a folder with problems returns them all.
 */
export function readBerka(
  files: Partial<Record<BerkaFile, string>>,
): { ok: true; bank: BerkaBank } | { ok: false; problems: BerkaProblem[] } {
  const problems: BerkaProblem[] = [];
  const rows = Object.fromEntries(BERKA_FILES.map((f) => [f, readRows(f, files[f], problems)])) as Record<
    BerkaFile,
    Row[]
  >;
  if (problems.length > 0) return { ok: false, problems };

  // Ids already seen in each file, for duplicates and references.
  const firstLine = <K>(file: BerkaFile, seen: Map<K, unknown>, key: K, row: Row, column: string) => {
    if (!seen.has(key)) return true;
    problems.push({ file, line: row.line, column, message: `${key} appears twice in ${file}` });
    return false;
  };

  const districts = new Map<number, { name: string; region: string }>();
  for (const row of rows['district.asc']) {
    const c = cellsOf('district.asc', row, problems);
    const id = c.id('A1');
    if (id !== null && firstLine('district.asc', districts, id, row, 'A1'))
      districts.set(id, { name: c.text('A2').trim(), region: c.text('A3').trim() });
  }
  const district = (file: BerkaFile, row: Row, id: number | null) => {
    if (id !== null && !districts.has(id))
      problems.push({
        file,
        line: row.line,
        column: 'district_id',
        message: `district ${id} is not in district.asc`,
      });
    return id === null ? undefined : districts.get(id);
  };

  const people = new Map<
    number,
    { row: Row; birthDate: string; gender: 'male' | 'female'; place?: { name: string; region: string } }
  >();
  for (const row of rows['client.asc']) {
    const c = cellsOf('client.asc', row, problems);
    const id = c.id('client_id');
    const birth =
      decodeBirthNumber(c.text('birth_number')) ??
      c.bad('birth_number', 'is not a birth number YYMMDD (women: month + 50)');
    const place = district('client.asc', row, c.id('district_id'));
    if (id !== null && birth && firstLine('client.asc', people, id, row, 'client_id'))
      people.set(id, { row, ...birth, ...(place ? { place } : {}) });
  }

  const deposits = new Map<number, { row: Row; openedOn: string; frequency: string }>();
  for (const row of rows['account.asc']) {
    const c = cellsOf('account.asc', row, problems);
    const id = c.id('account_id');
    district('account.asc', row, c.id('district_id'));
    const frequency = c.oneOf('frequency', STATEMENT);
    const openedOn = c.date('date');
    if (
      id !== null &&
      frequency !== null &&
      openedOn &&
      firstLine('account.asc', deposits, id, row, 'account_id')
    )
      deposits.set(id, { row, openedOn, frequency });
  }

  const owners = new Map<number, number>(); // account → owning client
  const dispositions = new Map<number, { clientId: number; accountId: number; owner: boolean }>();
  const disponents = new Set<number>();
  for (const row of rows['disp.asc']) {
    const c = cellsOf('disp.asc', row, problems);
    const id = c.id('disp_id');
    const clientId = c.id('client_id');
    const accountId = c.id('account_id');
    const type = c.oneOf('type', { OWNER: true, DISPONENT: false });
    if (clientId !== null && !people.has(clientId))
      problems.push({
        file: 'disp.asc',
        line: row.line,
        column: 'client_id',
        message: `client ${clientId} is not in client.asc`,
      });
    if (accountId !== null && !deposits.has(accountId))
      problems.push({
        file: 'disp.asc',
        line: row.line,
        column: 'account_id',
        message: `account ${accountId} is not in account.asc`,
      });
    if (id === null || clientId === null || accountId === null || type === null) continue;
    if (!firstLine('disp.asc', dispositions, id, row, 'disp_id')) continue;
    dispositions.set(id, { clientId, accountId, owner: type });
    if (type) {
      if (owners.has(accountId))
        problems.push({
          file: 'disp.asc',
          line: row.line,
          column: 'account_id',
          message: `account ${accountId} has a second OWNER`,
        });
      owners.set(accountId, clientId);
    } else disponents.add(clientId);
  }
  for (const [id, d] of deposits)
    if (!owners.has(id))
      problems.push({
        file: 'account.asc',
        line: d.row.line,
        column: 'account_id',
        message: `account ${id} has no OWNER in disp.asc`,
      });

  const holders = new Set(owners.values());
  const clients: BerkaClient[] = [];
  for (const [id, p] of people) {
    const parsed = ClientCreate.safeParse({
      kind: 'individual',
      name: berkaName(id, p.gender),
      gender: p.gender,
      birthDate: p.birthDate,
      idType: 'passport',
      idNumber: PASSPORT_NO(id),
      ...(p.place ? { address: `${p.place.name}, ${p.place.region}, Czech Republic` } : {}),
      tags: [
        'Berka',
        ...(p.place ? [p.place.name.slice(0, 20)] : []),
        ...(disponents.has(id) && !holders.has(id) ? ['Berka 授权人'] : []),
      ],
      tier: 'standard',
      status: 'active',
      source: 'import',
    });
    if (!parsed.success) problems.push(...zodProblems('client.asc', p.row.line, parsed.error));
    else clients.push({ berkaId: id, line: p.row.line, input: parsed.data as IndividualInput });
  }

  const accounts: BerkaAccount[] = [];
  const addAccount = (
    file: BerkaAccount['file'],
    row: Row,
    clientBerkaId: number,
    input: Record<string, unknown>,
  ) => {
    const parsed = ACCOUNT_INPUT.safeParse(input);
    if (!parsed.success) problems.push(...zodProblems(file, row.line, parsed.error));
    else
      accounts.push({
        file,
        line: row.line,
        clientBerkaId,
        account: { ...parsed.data, externalId: String(input.externalId) },
      });
  };
  for (const [id, d] of deposits) {
    const owner = owners.get(id);
    if (owner === undefined) continue;
    addAccount('account.asc', d.row, owner, {
      kind: 'demand_deposit',
      productName: `Berka 活期账户（${d.frequency}）`,
      accountNo: DEPOSIT_NO(id),
      currency: 'CZK',
      openedOn: d.openedOn,
      externalId: `account/${id}`,
    });
  }

  const loanIds = new Map<number, true>();
  for (const row of rows['loan.asc']) {
    const c = cellsOf('loan.asc', row, problems);
    const id = c.id('loan_id');
    const accountId = c.id('account_id');
    const grantedOn = c.date('date');
    const amount = c.minor('amount');
    const duration = c.id('duration');
    const payments = c.minor('payments');
    const status = c.oneOf('status', LOAN_STATUS);
    const owner = accountId === null ? undefined : owners.get(accountId);
    if (accountId !== null && !deposits.has(accountId))
      problems.push({
        file: 'loan.asc',
        line: row.line,
        column: 'account_id',
        message: `account ${accountId} is not in account.asc`,
      });
    if (
      id === null ||
      owner === undefined ||
      !grantedOn ||
      amount === null ||
      duration === null ||
      payments === null ||
      !status
    )
      continue;
    if (!firstLine('loan.asc', loanIds, id, row, 'loan_id')) continue;
    loanIds.set(id, true);
    const maturityOn = addMonths(grantedOn, duration);
    addAccount('loan.asc', row, owner, {
      kind: 'loan',
      productName: `Berka 贷款 ${duration} 期 × ${(payments / 100).toFixed(2)} CZK`,
      accountNo: LOAN_NO(id),
      currency: 'CZK',
      openedOn: grantedOn,
      principalMinor: amount,
      termMonths: duration,
      maturityOn,
      classification: status.classification,
      ...(status.repaid
        ? { status: 'closed', closedOn: maturityOn }
        : { status: 'active', balanceMinor: amount, balanceAsOf: `${grantedOn}T11:00:00.000Z` }),
      externalId: `loan/${id}`,
    });
  }

  const cardIds = new Map<number, true>();
  for (const row of rows['card.asc']) {
    const c = cellsOf('card.asc', row, problems);
    const id = c.id('card_id');
    const dispId = c.id('disp_id');
    const type = c.oneOf('type', CARD_TYPES);
    const issuedOn = c.date('issued');
    const disp = dispId === null ? undefined : dispositions.get(dispId);
    if (dispId !== null && !disp)
      problems.push({
        file: 'card.asc',
        line: row.line,
        column: 'disp_id',
        message: `disposition ${dispId} is not in disp.asc`,
      });
    if (id === null || !disp || !type || !issuedOn) continue;
    if (!firstLine('card.asc', cardIds, id, row, 'card_id')) continue;
    cardIds.set(id, true);
    addAccount('card.asc', row, disp.clientId, {
      kind: 'credit_card',
      productName: `Berka ${type}（${c.text('type')}）`,
      accountNo: CARD_NO(id),
      currency: 'CZK',
      openedOn: issuedOn,
      limitMinor: 0,
      externalId: `card/${id}`,
    });
  }

  const orderIds = new Map<number, true>();
  for (const row of rows['order.asc']) {
    const c = cellsOf('order.asc', row, problems);
    const id = c.id('order_id');
    const accountId = c.id('account_id');
    c.minor('amount');
    if (accountId !== null && !deposits.has(accountId))
      problems.push({
        file: 'order.asc',
        line: row.line,
        column: 'account_id',
        message: `account ${accountId} is not in account.asc`,
      });
    if (id !== null && firstLine('order.asc', orderIds, id, row, 'order_id')) orderIds.set(id, true);
  }

  const transactions = readTransactions(rows['trans.asc'], deposits, problems);
  if (problems.length > 0)
    return {
      ok: false,
      problems: problems.sort(
        (a, b) => BERKA_FILES.indexOf(a.file) - BERKA_FILES.indexOf(b.file) || a.line - b.line,
      ),
    };
  return {
    ok: true,
    bank: {
      clients,
      accounts,
      transactions,
      counts: {
        districts: districts.size,
        clients: clients.length,
        disponents: disponents.size,
        deposits: deposits.size,
        loans: loanIds.size,
        cards: cardIds.size,
        orders: orderIds.size,
        transactions: transactions.length,
      },
    },
  };
}

type Parsed = {
  row: Row;
  id: number;
  accountId: number;
  day: string;
  signed: number;
  amount: number;
  balance: number;
  direction: 'credit' | 'debit';
  purpose: Purpose;
  counterparty: string | null;
};

function readTransactions(
  rows: Row[],
  deposits: Map<number, { openedOn: string }>,
  problems: BerkaProblem[],
): BerkaTransaction[] {
  const parsed: Parsed[] = [];
  const seen = new Map<number, number>();
  for (const row of rows) {
    const c = cellsOf('trans.asc', row, problems);
    const id = c.id('trans_id');
    const accountId = c.id('account_id');
    const day = c.date('date');
    const type = c.oneOf('type', TYPES);
    const operation = c.oneOf('operation', OPERATIONS);
    // A blank purpose is written "" or " ".
    const code = c.text('k_symbol').trim();
    const known = code in PURPOSES;
    if (!known)
      c.bad(
        'k_symbol',
        `is not one of ${Object.keys(PURPOSES)
          .map((k) => `"${k}"`)
          .join(', ')}`,
      );
    const purpose = known ? (PURPOSES[code] ?? null) : null;
    const amount = c.minor('amount');
    const balance = c.minor('balance', true);
    if (amount === 0) c.bad('amount', 'is zero: a transaction moves money');
    const account = accountId === null ? undefined : deposits.get(accountId);
    if (accountId !== null && !account)
      problems.push({
        file: 'trans.asc',
        line: row.line,
        column: 'account_id',
        message: `account ${accountId} is not in account.asc`,
      });
    if (account && day && day < account.openedOn)
      problems.push({
        file: 'trans.asc',
        line: row.line,
        column: 'date',
        message: `${day} is before account ${accountId} was opened (${account.openedOn})`,
      });
    if (id !== null && seen.has(id))
      problems.push({
        file: 'trans.asc',
        line: row.line,
        column: 'trans_id',
        message: `${id} appears twice in trans.asc (first on line ${seen.get(id)})`,
      });
    if (id !== null) seen.set(id, row.line);
    if (
      id === null ||
      accountId === null ||
      !day ||
      !type ||
      !operation ||
      !known ||
      amount === null ||
      balance === null ||
      amount === 0
    )
      continue;
    const bank = c.text('bank').trim();
    const other = c.text('account').trim();
    const counterparty =
      bank && /^\d+$/.test(other) && Number(other) > 0 && bank.length + other.length >= 6
        ? `${bank}${other}`
        : null;
    parsed.push({
      row,
      id,
      accountId,
      day,
      amount,
      balance,
      direction: type.direction,
      signed: type.direction === 'credit' ? amount : -amount,
      purpose: purpose
        ? { ...operation, category: purpose.category, label: `${purpose.label} ${operation.label}` }
        : operation,
      counterparty,
    });
  }
  const out: BerkaTransaction[] = [];
  for (const { p, second } of ordered(parsed)) {
    const item = TransactionItem.safeParse({
      externalId: String(p.id),
      accountNo: DEPOSIT_NO(p.accountId),
      bookedAt: new Date(Date.parse(`${p.day}T11:00:00.000Z`) + second * 1000).toISOString(),
      amountMinor: p.amount,
      direction: p.direction,
      currency: 'CZK',
      channel: p.purpose.channel,
      category: p.purpose.category,
      ...(p.counterparty ? { counterpartyAccount: p.counterparty } : {}),
      balanceAfterMinor: p.balance,
      description: `${p.purpose.label}（${[p.row.cells.type, p.row.cells.operation, p.row.cells.k_symbol?.trim()].filter(Boolean).join(' / ')}）`,
    });
    if (item.success) out.push({ line: p.row.line, item: item.data });
    else problems.push(...zodProblems('trans.asc', p.row.line, item.error, TRANSACTION_COLUMNS));
  }
  // Booking order across accounts; ISO-8601 UTC text sorts as time.
  return out.sort((a, b) =>
    a.item.bookedAt < b.item.bookedAt ? -1 : a.item.bookedAt > b.item.bookedAt ? 1 : a.line - b.line,
  );
}

/**
 * Orders each account's transactions of a day so that the balance column reads as a chain: from
 * the day's opening balance, the next is the one whose balance is nearest the running balance
 * plus its amount (Berka's balances carry occasional rounding of a few hellers). Returns each
 * with its second within the day.
 */
export function ordered<
  T extends { accountId: number; day: string; signed: number; balance: number; row: { line: number } },
>(xs: readonly T[]): { p: T; second: number }[] {
  const byAccount = new Map<number, T[]>();
  for (const x of xs) {
    const list = byAccount.get(x.accountId) ?? [];
    list.push(x);
    byAccount.set(x.accountId, list);
  }
  const out: { p: T; second: number }[] = [];
  for (const list of byAccount.values()) {
    list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.row.line - b.row.line));
    let running = 0;
    for (let i = 0; i < list.length; ) {
      let j = i;
      while (j < list.length && list[j]!.day === list[i]!.day) j++;
      const day = list.slice(i, j);
      for (let second = 0; day.length > 0; second++) {
        let best = 0;
        for (let k = 1; k < day.length; k++) {
          const miss = (x: T) => Math.abs(running + x.signed - x.balance);
          if (miss(day[k]!) < miss(day[best]!)) best = k;
        }
        const [next] = day.splice(best, 1);
        out.push({ p: next!, second });
        running = next!.balance;
      }
      i = j;
    }
  }
  return out;
}

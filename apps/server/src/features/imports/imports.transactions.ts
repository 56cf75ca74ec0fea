import { type ImportProblem, TransactionItem } from '@dossier/contract';
import { camtInstant, minorUnits } from './imports.camt053.ts';

/**
 * A row of a transaction table (CSV or XLSX, as banks and core systems export them) read as a
 * transaction: which column fills which field, and how people write the values (借/贷, 收入/支出,
 * 1,234.56, 2026/11/02 09:30). Pure; no I/O.
 */

/** Field → header names people use for it (compared without case, spaces, underscores or brackets). */
const SYNONYMS = {
  externalId: [
    'externalid',
    'id',
    'transactionid',
    'txid',
    'reference',
    'ref',
    '流水号',
    '交易流水号',
    '交易编号',
    '凭证号',
    '交易参考号',
  ],
  accountNo: ['accountno', 'account', 'accountnumber', '账号', '账户', '卡号', '本方账号', '账户号码'],
  bookedAt: [
    'bookedat',
    'date',
    'bookingdate',
    'datetime',
    'time',
    '交易时间',
    '交易日期',
    '记账日期',
    '记账时间',
    '日期',
  ],
  amount: ['amount', '金额', '交易金额', '发生额'],
  debitAmount: ['debit', 'debitamount', 'withdrawal', '借方发生额', '借方金额', '支出', '支出金额'],
  creditAmount: ['credit', 'creditamount', 'deposit', '贷方发生额', '贷方金额', '收入', '收入金额'],
  direction: [
    'direction',
    'dc',
    'creditdebit',
    'cdtdbtind',
    '借贷',
    '借贷标志',
    '借贷方向',
    '收支',
    '收支方向',
    '收付标志',
  ],
  currency: ['currency', 'ccy', '币种', '货币'],
  channel: ['channel', '渠道', '交易渠道'],
  category: ['category', 'type', 'transactiontype', '交易类型', '类别', '交易分类'],
  counterpartyName: [
    'counterpartyname',
    'counterparty',
    'payee',
    'payer',
    '对方户名',
    '对方名称',
    '交易对手',
    '对手方户名',
    '对方账户名称',
  ],
  counterpartyAccount: ['counterpartyaccount', 'counterpartyaccountno', '对方账号', '对手方账号', '对方账户'],
  balanceAfter: ['balance', 'balanceafter', '余额', '账户余额', '交易后余额'],
  merchantCategory: ['mcc', 'merchantcategory', '商户类别码'],
  description: ['description', 'memo', 'remark', 'narrative', 'note', '摘要', '备注', '附言', '用途'],
} as const;
export type TransactionColumnField = keyof typeof SYNONYMS;
export const TRANSACTION_IMPORT_FIELDS = Object.keys(SYNONYMS) as TransactionColumnField[];

const norm = (h: string) => h.toLowerCase().replace(/[\s_()（）:：*]/g, '');
const BY_HEADER = new Map<string, TransactionColumnField>();
for (const [field, names] of Object.entries(SYNONYMS))
  for (const n of names) BY_HEADER.set(norm(n), field as TransactionColumnField);

export type ColumnMap = { column: string; field: string | null }[];

/** Which field each column fills: the saved mapping first, then the names people use. */
export function resolveTransactionColumns(
  headers: string[],
  saved: Record<string, string | null> = {},
): ColumnMap {
  const taken = new Set<string>();
  return headers.map((column) => {
    const field = column in saved ? saved[column]! : (BY_HEADER.get(norm(column)) ?? null);
    if (field === null || taken.has(field) || !(TRANSACTION_IMPORT_FIELDS as string[]).includes(field))
      return { column, field: null };
    taken.add(field);
    return { column, field };
  });
}

/** What a table must have: an id, an account, a time, and an amount (one column or two). */
export function missingColumns(columns: ColumnMap): ImportProblem[] {
  const has = (f: TransactionColumnField) => columns.some((c) => c.field === f);
  const out: ImportProblem[] = [];
  const need = (field: TransactionColumnField, names: string) =>
    out.push({ row: 1, column: null, field, message: `No column holds ${names}: name or map one.` });
  if (!has('externalId')) need('externalId', 'the transaction reference (流水号 / reference)');
  if (!has('accountNo')) need('accountNo', 'the account number (账号 / account)');
  if (!has('bookedAt')) need('bookedAt', 'the booking time (交易时间 / date)');
  if (!has('amount') && !(has('debitAmount') || has('creditAmount')))
    need('amount', 'the amount (金额 / amount, or 借方发生额 and 贷方发生额)');
  return out;
}

const DIRECTIONS: Record<string, 'credit' | 'debit'> = {
  credit: 'credit',
  cr: 'credit',
  c: 'credit',
  crdt: 'credit',
  in: 'credit',
  贷: 'credit',
  贷方: 'credit',
  收: 'credit',
  收入: 'credit',
  存入: 'credit',
  转入: 'credit',
  debit: 'debit',
  dr: 'debit',
  d: 'debit',
  dbit: 'debit',
  out: 'debit',
  借: 'debit',
  借方: 'debit',
  支: 'debit',
  支出: 'debit',
  付: 'debit',
  转出: 'debit',
};
const CHANNELS: Record<string, TransactionItem['channel']> = {
  counter: 'counter',
  柜面: 'counter',
  柜台: 'counter',
  atm: 'atm',
  online: 'online',
  网银: 'online',
  网上银行: 'online',
  mobile: 'mobile',
  手机银行: 'mobile',
  手机: 'mobile',
  pos: 'pos',
  刷卡: 'pos',
  transfer: 'transfer',
  转账: 'transfer',
};
const CATEGORIES: Record<string, TransactionItem['category']> = {
  工资: 'salary',
  代发工资: 'salary',
  转入: 'transfer_in',
  转出: 'transfer_out',
  消费: 'consumption',
  放款: 'loan_disbursement',
  贷款发放: 'loan_disbursement',
  还款: 'loan_repayment',
  贷款还款: 'loan_repayment',
  理财购买: 'investment_purchase',
  申购: 'investment_purchase',
  理财赎回: 'investment_redemption',
  赎回: 'investment_redemption',
  存现: 'cash_deposit',
  现金存入: 'cash_deposit',
  取现: 'cash_withdrawal',
  现金支取: 'cash_withdrawal',
  利息: 'interest',
  结息: 'interest',
  手续费: 'fee',
  费用: 'fee',
  其他: 'other',
};

/** `1,234.56`, `-1234.56`, `¥1,234.56`, `1234.56元` → signed minor units, or why not. */
function signedMinor(v: string, currency: string): number | string {
  const m = /^([+-]?)[¥￥$€]?([\d,，]+(?:\.\d+)?)(?:元)?$/.exec(v.replace(/\s/g, ''));
  if (!m) return `"${v}" is not an amount such as 1234.56`;
  const minor = minorUnits(m[2]!.replace(/[,，]/g, ''), currency);
  if (typeof minor === 'string') return minor;
  return m[1] === '-' ? -minor : minor;
}

/** `2026-11-02`, `2026/11/2 09:30`, `20261102`, `2026年11月2日`, or ISO with a zone → an instant. */
export function tableInstant(v: string): string | null {
  const s = v.trim();
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2})?)?$/.exec(s);
  if (!m) return /^\d{4}-\d{2}-\d{2}T/.test(s) ? camtInstant(s) : null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (m[4] === undefined) return camtInstant(date);
  const time = `${m[4].padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}`;
  const instant = camtInstant(`${date}T${time}`);
  // Refuse 2026-02-30 and 25:00, which Date would roll over.
  if (!instant) return null;
  const back = new Date(Date.parse(instant) + 8 * 3600_000).toISOString();
  return back.slice(0, 10) === date && back.slice(11, 19) === time ? instant : null;
}

/**
 * One row as a transaction item, or the problems in it (by row and column). Blank cells are
 * left out; a file without a currency column is in CNY; without a channel, a transfer; without a
 * category, a transfer in or out.
 */
export function rowToTransaction(
  cells: Record<string, string>,
  columns: ColumnMap,
  row: number,
): { item: TransactionItem } | { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const columnOf = new Map(columns.filter((c) => c.field).map((c) => [c.field!, c.column]));
  const get = (f: TransactionColumnField) => {
    const col = columnOf.get(f);
    return col === undefined ? '' : (cells[col] ?? '').trim();
  };
  const bad = (field: TransactionColumnField, message: string) =>
    problems.push({ row, column: columnOf.get(field) ?? null, field, message });
  const lookup = <T>(
    field: TransactionColumnField,
    table: Record<string, T>,
    accepted: string,
  ): T | undefined => {
    const v = get(field);
    if (v === '') return undefined;
    const hit = table[v.toLowerCase()];
    if (hit === undefined) bad(field, `"${v}" is not one of: ${accepted}`);
    return hit;
  };

  const currency = (get('currency') || 'CNY').toUpperCase();
  let direction = lookup('direction', DIRECTIONS, '借/贷, 收入/支出, debit/credit, DR/CR');
  let amount: number | undefined;
  const raw = get('amount');
  if (raw !== '') {
    const signed = signedMinor(raw, currency);
    if (typeof signed === 'string') bad('amount', signed);
    else if (signed < 0 && direction !== undefined)
      bad('amount', 'has a sign and the direction column says which way: give one or the other');
    else {
      amount = Math.abs(signed);
      // Without a direction column the sign says it; a direction column left blank is a gap.
      if (direction === undefined && columnOf.has('direction') && get('direction') === '' && signed > 0)
        bad('direction', 'is empty: say which way the money moved (借/贷)');
      direction ??= signed < 0 ? 'debit' : 'credit';
    }
  } else {
    const debit = get('debitAmount');
    const credit = get('creditAmount');
    if (
      (debit === '' || debit === '0' || debit === '0.00') ===
      (credit === '' || credit === '0' || credit === '0.00')
    )
      bad(
        debit === '' && credit === '' ? 'amount' : 'creditAmount',
        'give the amount in exactly one of the debit and credit columns',
      );
    else {
      const [field, v, dir] =
        debit !== '' && debit !== '0' && debit !== '0.00'
          ? (['debitAmount', debit, 'debit'] as const)
          : (['creditAmount', credit, 'credit'] as const);
      const signed = signedMinor(v, currency);
      if (typeof signed === 'string') bad(field, signed);
      else if (signed < 0) bad(field, 'must not be negative: the column says which way the money moved');
      else {
        amount = signed;
        direction = dir;
      }
    }
  }
  const when = get('bookedAt');
  const bookedAt = when === '' ? null : tableInstant(when);
  if (when !== '' && !bookedAt) bad('bookedAt', `"${when}" is not a date or time such as 2026-11-02 09:30`);
  let balanceAfter: number | undefined;
  if (get('balanceAfter') !== '') {
    const b = signedMinor(get('balanceAfter'), currency);
    if (typeof b === 'string') bad('balanceAfter', b);
    else balanceAfter = b;
  }
  const channel = lookup('channel', CHANNELS, '柜面, ATM, 网银, 手机银行, POS, 转账') ?? 'transfer';
  const category =
    lookup('category', CATEGORIES, Object.keys(CATEGORIES).join(', ')) ??
    (direction === 'debit' ? 'transfer_out' : 'transfer_in');
  if (problems.length > 0) return { problems };

  const input = {
    externalId: get('externalId'),
    accountNo: get('accountNo'),
    bookedAt: bookedAt ?? '',
    amountMinor: amount,
    direction,
    currency,
    channel,
    category,
    ...(get('merchantCategory') ? { merchantCategory: get('merchantCategory') } : {}),
    ...(get('counterpartyName') ? { counterpartyName: get('counterpartyName') } : {}),
    ...(get('counterpartyAccount') ? { counterpartyAccount: get('counterpartyAccount') } : {}),
    ...(balanceAfter !== undefined ? { balanceAfterMinor: balanceAfter } : {}),
    ...(get('description') ? { description: get('description') } : {}),
  };
  const parsed = TransactionItem.safeParse(input);
  if (parsed.success) return { item: parsed.data };
  const fieldOf: Record<string, TransactionColumnField> = {
    amountMinor: 'amount',
    balanceAfterMinor: 'balanceAfter',
  };
  // One problem per cell: the first thing zod says about it.
  const seen = new Set<string>();
  for (const i of parsed.error.issues) {
    const key = String(i.path[0] ?? '');
    const field = fieldOf[key] ?? (key as TransactionColumnField);
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({ row, column: columnOf.get(field) ?? null, field, message: i.message });
  }
  return { problems };
}

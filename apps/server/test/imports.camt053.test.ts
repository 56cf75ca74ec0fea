import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { camtInstant, minorUnits, parseCamt053, purposeOf } from '../src/features/imports/imports.camt053.ts';
import {
  missingColumns,
  resolveTransactionColumns,
  rowToTransaction,
  tableInstant,
} from '../src/features/imports/imports.transactions.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('camt.053 statements (pure)', () => {
  it('reads amounts in the currency’s minor unit, exactly', () => {
    expect(minorUnits('2500.00', 'EUR')).toBe(250000);
    expect(minorUnits('80', 'EUR')).toBe(8000);
    expect(minorUnits('45.4', 'EUR')).toBe(4540);
    expect(minorUnits('1500', 'JPY')).toBe(1500);
    expect(minorUnits('1.005', 'KWD')).toBe(1005);
    expect(minorUnits('0.105', 'EUR')).toBe('"0.105" has more decimals than EUR has (2)');
    expect(minorUnits('1.50', 'JPY')).toBe('"1.50" has more decimals than JPY has (0)');
    expect(minorUnits('1,50', 'EUR')).toBe('"1,50" is not an amount such as 1234.56');
    expect(minorUnits('-5', 'EUR')).toBe('"-5" is not an amount such as 1234.56');
  });

  it('books a bare date at noon bank time, and a bare time as bank time', () => {
    expect(camtInstant('2026-11-02')).toBe('2026-11-02T04:00:00.000Z');
    expect(camtInstant('2026-11-02T10:15:00')).toBe('2026-11-02T02:15:00.000Z');
    expect(camtInstant('2026-11-02T10:15:00+01:00')).toBe('2026-11-02T09:15:00.000Z');
    expect(camtInstant('2026-11-02T10:15:00Z')).toBe('2026-11-02T10:15:00.000Z');
    expect(camtInstant('02.11.2026')).toBeNull();
  });

  it('chooses channel and category from the bank transaction code', () => {
    expect(purposeOf('CNTR', 'CWDL', 'debit')).toEqual({ channel: 'atm', category: 'cash_withdrawal' });
    expect(purposeOf('CCRD', 'POSD', 'debit')).toEqual({ channel: 'pos', category: 'consumption' });
    expect(purposeOf('RCDT', 'SALA', 'credit')).toEqual({ channel: 'transfer', category: 'salary' });
    expect(purposeOf('MCOP', 'INTR', 'credit')).toEqual({ channel: 'transfer', category: 'interest' });
    expect(purposeOf('ICDT', 'ESCT', 'debit')).toEqual({ channel: 'transfer', category: 'transfer_out' });
    expect(purposeOf(undefined, undefined, 'credit')).toEqual({
      channel: 'transfer',
      category: 'transfer_in',
    });
  });

  it('reads several statements: account, entries, references, parties, remittance, closing balance', () => {
    const r = parseCamt053(fixture('camt053-two-statements.xml'));
    expect(r.problems).toEqual([]);
    expect(r.entries).toBe(5);
    expect(r.statements.map((s) => [s.id, s.accountNo, s.firstEntry, s.entries.length])).toEqual([
      ['STMT-EUR-1102 #101', 'DE89370400440532013000', 1, 3],
      ['STMT-CNY-1102', '6222021234567890123', 4, 2],
    ]);
    const [salary, card, rent] = r.statements[0]!.entries.map((e) => e.item);
    expect(salary).toEqual({
      externalId: 'EUR-20261102-0001', // AcctSvcrRef before NtryRef and EndToEndId
      accountNo: 'DE89370400440532013000',
      bookedAt: '2026-11-02T04:00:00.000Z',
      amountMinor: 250000,
      direction: 'credit',
      currency: 'EUR',
      channel: 'transfer',
      category: 'salary',
      counterpartyName: 'Müller & Söhne GmbH',
      counterpartyAccount: 'DE02120300000000202051',
      description: 'Gehalt November 2026',
    });
    expect(card).toMatchObject({
      externalId: 'N-0002', // NtryRef when the bank gives no AcctSvcrRef
      amountMinor: 4545,
      direction: 'debit',
      channel: 'pos',
      category: 'consumption',
      counterpartyName: 'Café Einstein', // a debit's counterparty is the creditor
    });
    expect(card).not.toHaveProperty('description');
    // EndToEndId when there is nothing else; the closing balance on the newest entry (ties: the last).
    expect(rent).toMatchObject({
      externalId: 'E2E-RENT-11',
      amountMinor: 8000,
      counterpartyAccount: 'HV44710099',
      description: 'Miete November',
      balanceAfterMinor: 337455,
    });
    const [withdrawal, deposit] = r.statements[1]!.entries.map((e) => e.item);
    expect(withdrawal).toMatchObject({
      bookedAt: '2026-11-02T02:15:00.000Z',
      channel: 'atm',
      category: 'cash_withdrawal',
      balanceAfterMinor: 8800000,
    });
    expect(deposit).toMatchObject({ counterpartyName: '北京华信科技有限公司', description: '货款' });
    expect(deposit).not.toHaveProperty('balanceAfterMinor');
  });

  it('reads another schema version with namespace prefixes', () => {
    const r = parseCamt053(fixture('camt053-v08-prefixed.xml'));
    expect(r.problems).toEqual([]);
    expect(r.statements[0]!.entries[0]!.item).toMatchObject({
      externalId: 'V8-INT-1101',
      accountNo: '6222021234567890123',
      currency: 'CNY',
      amountMinor: 120,
      category: 'interest',
      counterpartyName: '本行结息',
    });
  });

  it('names every bad entry by its number, element and statement', () => {
    const xml = fixture('camt053-two-statements.xml')
      .replace('<Amt Ccy="EUR">45.45</Amt>', '<Amt Ccy="EUR">45,45</Amt>')
      .replace('<AcctSvcrRef>CNY-20261102-7781</AcctSvcrRef>', '')
      .replace('<DtTm>2026-11-02T09:00:00+08:00</DtTm>', '<DtTm>yesterday</DtTm>');
    const r = parseCamt053(xml);
    expect(r.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [
        2,
        'Stmt[1]/Ntry[2]/Amt',
        'statement STMT-EUR-1102 #101, entry 2: "45,45" is not an amount such as 1234.56',
      ],
      [
        4,
        'Stmt[2]/Ntry[1]/AcctSvcrRef',
        'statement STMT-CNY-1102, entry 1: has no reference (AcctSvcrRef, NtryRef or Refs/EndToEndId): without one it cannot be recognised when the file is sent again',
      ],
      [
        5,
        'Stmt[2]/Ntry[2]/BookgDt',
        'statement STMT-CNY-1102, entry 2: "yesterday" is not a date such as 2026-11-02',
      ],
    ]);
  });

  it('refuses what is not a well-formed camt.053', () => {
    const message = (xml: string) => parseCamt053(xml).problems[0]?.message;
    expect(message('<Document><BkToCstmrStmt><Stmt></BkToCstmrStmt></Document>')).toMatch(
      /^The file is not well-formed XML \(line 1, column \d+\)/,
    );
    expect(message('<Document><BkToCstmrNtfctn/></Document>')).toContain('no Document/BkToCstmrStmt');
    expect(message('<!DOCTYPE d [<!ENTITY x "y">]><Document/>')).toContain('DOCTYPE');
    const pending = fixture('camt053-v08-prefixed.xml').replace('<c:Cd>BOOK</c:Cd>', '<c:Cd>PDNG</c:Cd>');
    expect(message(pending)).toContain('is PDNG, not BOOK');
  });
});

describe('transaction tables (pure)', () => {
  const headers = fixture('transactions.csv').split('\n')[0]!.split(',');

  it('recognises the column names banks use', () => {
    const columns = resolveTransactionColumns(headers);
    expect(columns.map((c) => c.field)).toEqual([
      'externalId',
      'accountNo',
      'bookedAt',
      'direction',
      'amount',
      'currency',
      'channel',
      'category',
      'counterpartyName',
      'counterpartyAccount',
      'balanceAfter',
      'description',
    ]);
    expect(missingColumns(columns)).toEqual([]);
    expect(missingColumns(resolveTransactionColumns(['账号', '金额'])).map((p) => p.field)).toEqual([
      'externalId',
      'bookedAt',
    ]);
    // A saved mapping wins over the names.
    expect(resolveTransactionColumns(['备注', 'Ref'], { 备注: null, Ref: 'externalId' })).toEqual([
      { column: '备注', field: null },
      { column: 'Ref', field: 'externalId' },
    ]);
  });

  it('reads times as bank time and refuses impossible ones', () => {
    expect(tableInstant('2026-11-02 09:00')).toBe('2026-11-02T01:00:00.000Z');
    expect(tableInstant('2026/11/2 9:05:30')).toBe('2026-11-02T01:05:30.000Z');
    expect(tableInstant('20261102')).toBe('2026-11-02T04:00:00.000Z');
    expect(tableInstant('2026年11月2日')).toBe('2026-11-02T04:00:00.000Z');
    expect(tableInstant('2026-11-02T09:00:00Z')).toBe('2026-11-02T09:00:00.000Z');
    expect(tableInstant('2026-02-30')).toBeNull();
    expect(tableInstant('2026-11-02 25:00')).toBeNull();
  });

  it('reads a row, or says what is wrong by row and column', () => {
    const columns = resolveTransactionColumns([
      '流水号',
      '账号',
      '交易时间',
      '借方发生额',
      '贷方发生额',
      '余额',
    ]);
    const row = (cells: string[]) =>
      rowToTransaction(Object.fromEntries(columns.map((c, i) => [c.column, cells[i] ?? ''])), columns, 7);
    expect(row(['A1', '6222021234567890123', '2026-11-02', '1,234.50', '', '-34.50'])).toEqual({
      item: {
        externalId: 'A1',
        accountNo: '6222021234567890123',
        bookedAt: '2026-11-02T04:00:00.000Z',
        amountMinor: 123450,
        direction: 'debit',
        currency: 'CNY',
        channel: 'transfer',
        category: 'transfer_out',
        balanceAfterMinor: -3450,
      },
    });
    expect(row(['A2', '6222021234567890123', '2026-11-02', '', '88'])).toMatchObject({
      item: { amountMinor: 8800, direction: 'credit', category: 'transfer_in' },
    });
    expect(row(['A3', '6222021234567890123', '2026-11-31', '5', '5'])).toEqual({
      problems: [
        {
          row: 7,
          column: '贷方发生额',
          field: 'creditAmount',
          message: 'give the amount in exactly one of the debit and credit columns',
        },
        {
          row: 7,
          column: '交易时间',
          field: 'bookedAt',
          message: '"2026-11-31" is not a date or time such as 2026-11-02 09:30',
        },
      ],
    });
    expect(row(['', '12', '2026-11-02', '5', ''])).toEqual({
      problems: [
        { row: 7, column: '流水号', field: 'externalId', message: expect.stringContaining('is required') },
        { row: 7, column: '账号', field: 'accountNo', message: expect.stringContaining('6 to 34') },
      ],
    });
  });

  it('takes the sign for the direction only when no column says it', () => {
    const signed = resolveTransactionColumns(['流水号', '账号', '交易时间', '金额']);
    const cells = (amount: string) => ({
      流水号: 'S1',
      账号: '6222021234567890123',
      交易时间: '2026-11-02',
      金额: amount,
    });
    expect(rowToTransaction(cells('-12.00'), signed, 2)).toMatchObject({
      item: { direction: 'debit', amountMinor: 1200 },
    });
    const both = resolveTransactionColumns(['流水号', '账号', '交易时间', '金额', '借贷']);
    expect(rowToTransaction({ ...cells('-12.00'), 借贷: '借' }, both, 2)).toEqual({
      problems: [
        {
          row: 2,
          column: '金额',
          field: 'amount',
          message: 'has a sign and the direction column says which way: give one or the other',
        },
      ],
    });
    expect(rowToTransaction({ ...cells('12.00'), 借贷: '收' }, both, 2)).toMatchObject({
      item: { direction: 'credit' },
    });
    expect(rowToTransaction({ ...cells('12.00'), 借贷: '?' }, both, 2)).toMatchObject({
      problems: [{ column: '借贷', message: expect.stringContaining('"?" is not one of') }],
    });
  });
});

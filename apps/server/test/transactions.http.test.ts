import type { TransactionItem } from '@dossier/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/context.ts';
import { accountNumber, makeAccount, txn } from './support/accounts.ts';
import { DIALECTS, countRows } from './support/db.ts';
import { makeIndividual, makeUser, residentId } from './support/factories.ts';
import { type TestApp, errorOf, openTestApp } from './support/http.ts';

describe.each(DIALECTS)('accounts and transactions over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let rm: Actor;
  let feedCookie: string;
  let rmCookie: string;
  let clientId: number;
  let accountNo: string;
  let seq = 0;
  const countTransactions = () => countRows(t.deps.db, 'transactions');
  const send = (payload: unknown, cookie = feedCookie) =>
    t.app.inject({
      method: 'POST',
      url: '/api/transactions/batch',
      payload: payload as object,
      headers: { cookie },
    });
  const batch = (...transactions: unknown[]) => ({ source: 'core_banking', transactions });
  const item = (over: Partial<Record<keyof TransactionItem, unknown>> = {}) => ({
    ...txn(accountNo, `H-${++seq}`),
    ...over,
  });
  const get = (url: string, cookie = rmCookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    t = await openTestApp(dialect);
    rm = await makeUser(t.deps, 'rm');
    const feed = await makeUser(t.deps, 'integration');
    feedCookie = await t.login(feed.username);
    rmCookie = await t.login(rm.username);
    clientId = (await makeIndividual(t.deps, rm, { idNumber: residentId(77, '19900101') })).id;
    accountNo = (await makeAccount(t.deps, rm, clientId)).number;
  });
  afterAll(() => t.close());

  it('takes a batch with grouped account numbers and offsets, and recognises its replay', async () => {
    const body = batch(
      item({ accountNo: accountNo.replace(/(\d{4})/g, '$1 '), bookedAt: '2026-11-20T09:30:00+08:00' }),
      item({ counterpartyName: '张三', counterpartyAccount: '6217-0000-1111-2222' }),
    );
    const res = await send(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: 2, inserted: 2, duplicates: 0, accounts: 1 });
    const again = await send(body);
    expect(again.json()).toEqual({ received: 2, inserted: 0, duplicates: 2, accounts: 0 });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'a fractional amount',
      { amountMinor: 12.5 },
      'transactions.1.amountMinor',
      /whole number of minor units/,
    ],
    ['a zero amount', { amountMinor: 0 }, 'transactions.1.amountMinor', /more than zero/],
    ['a negative amount', { amountMinor: -100 }, 'transactions.1.amountMinor', /more than zero/],
    ['an amount as text', { amountMinor: '100' }, 'transactions.1.amountMinor', /number/],
    ['a lower-case currency', { currency: 'cny' }, 'transactions.1.currency', /ISO 4217/],
    [
      'an impossible date',
      { bookedAt: '2026-02-30T10:00:00Z' },
      'transactions.1.bookedAt',
      /real date and time/,
    ],
    ['a time without zone', { bookedAt: '2026-11-20T10:00:00' }, 'transactions.1.bookedAt', /offset/],
    ['an unknown channel', { channel: 'pigeon' }, 'transactions.1.channel', /expected one of/],
    ['an unknown field', { memo: 'x' }, 'transactions.1.memo', /not a known field/],
    ['a bad merchant code', { merchantCategory: '58' }, 'transactions.1.merchantCategory', /four-digit/],
  ])('refuses %s with 400, naming item and field, storing nothing', async (_what, over, field, message) => {
    const before = await countTransactions();
    const res = await send(batch(item(), item(over)));
    expect(res.statusCode, res.body).toBe(400);
    const err = errorOf(res);
    expect(err.code).toBe('request.invalid');
    expect(err.field).toBe(field);
    expect(err.issues!.find((i) => i.field === field)!.message).toMatch(message);
    expect(await countTransactions()).toBe(before);
  });

  it('refuses what only the database can tell with 400 and every problem listed', async () => {
    const before = await countTransactions();
    const res = await send(batch(item(), item({ currency: 'USD' }), item({ accountNo: '6222999999999999' })));
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({
      code: 'request.invalid',
      field: 'transactions.1.currency',
      issues: [
        { field: 'transactions.1.currency', message: expect.stringMatching(/kept in CNY/) },
        { field: 'transactions.2.accountNo', message: expect.stringMatching(/no registered account/) },
      ],
    });
    expect(errorOf(res).message).toMatch(
      /^transactions\.1\.currency .* \(and 1 more problem\(s\) in this batch\)\. Nothing was stored\.$/,
    );
    expect(await countTransactions()).toBe(before);
  });

  it('answers a changed resend with 422 transaction.conflict', async () => {
    const first = item();
    expect((await send(batch(first))).statusCode).toBe(200);
    const before = await countTransactions();
    const res = await send(batch(item(), { ...first, description: '改过的' }));
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: 'transaction.conflict', field: 'transactions.1.externalId' });
    expect(await countTransactions()).toBe(before);
  });

  it('holds 1 to 10,000 items; 10,000 go in at once, well past the usual 1 MiB body limit', async () => {
    expect(errorOf(await send(batch())).field).toBe('transactions');
    const many = Array.from({ length: 10_001 }, (_, i) =>
      item({ bookedAt: new Date(Date.parse('2026-06-01T00:00:00Z') + i * 60_000).toISOString() }),
    );
    const tooMany = await send(batch(...many));
    expect(tooMany.statusCode).toBe(400);
    expect(errorOf(tooMany)).toMatchObject({
      field: 'transactions',
      message: expect.stringMatching(/at most 10,000/),
    });
    const before = await countTransactions();
    const res = await send(batch(...many.slice(1)));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ received: 10_000, inserted: 10_000 });
    expect(await countTransactions()).toBe(before + 10_000);
  });

  it('lets only the integration user and admin send; the integration user reads nothing', async () => {
    const refused = await send(batch(item()), rmCookie);
    expect([refused.statusCode, errorOf(refused).code]).toEqual([403, 'auth.forbidden']);
    for (const path of ['accounts', 'transactions', 'finance']) {
      const res = await get(`/api/clients/${clientId}/${path}`, feedCookie);
      expect([path, res.statusCode]).toEqual([path, 403]);
    }
  });

  it('registers accounts: 201 masked, 409 for a number already registered, 400 for terms of another kind', async () => {
    const number = accountNumber();
    const body = {
      kind: 'loan',
      productName: '经营贷',
      accountNo: number,
      currency: 'CNY',
      openedOn: '2026-01-05',
      principalMinor: 1_000_000,
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${clientId}/accounts`,
      payload: body,
      headers: { cookie: rmCookie },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'loan',
      classification: 'normal',
      accountNo: expect.stringMatching(/^\d{4}\*+\d{4}$/),
    });
    expect(res.body).not.toContain(number);
    const dup = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${clientId}/accounts`,
      payload: body,
      headers: { cookie: rmCookie },
    });
    expect([dup.statusCode, errorOf(dup).code, errorOf(dup).field]).toEqual([
      409,
      'account.duplicate',
      'accountNo',
    ]);
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${clientId}/accounts`,
      payload: { ...body, accountNo: accountNumber(), limitMinor: 5 },
      headers: { cookie: rmCookie },
    });
    expect([wrong.statusCode, errorOf(wrong).field]).toEqual([400, 'limitMinor']);
    const batchRes = await t.app.inject({
      method: 'POST',
      url: '/api/accounts/batch',
      payload: {
        source: 'core_banking',
        accounts: [
          {
            clientId,
            externalId: 'CB-1',
            kind: 'demand_deposit',
            productName: '活期',
            accountNo: accountNumber(),
            currency: 'CNY',
            openedOn: '2024-01-01',
          },
        ],
      },
      headers: { cookie: feedCookie },
    });
    expect([batchRes.statusCode, batchRes.json()]).toEqual([
      200,
      { received: 1, created: 1, existing: 0, updated: 0 },
    ]);
  });

  it('reads accounts, filtered transactions and the finance summary for the client’s RM', async () => {
    const accounts = await get(`/api/clients/${clientId}/accounts`);
    expect(accounts.statusCode).toBe(200);
    expect(accounts.body).not.toContain(accountNo);
    const page = await get(
      `/api/clients/${clientId}/transactions?from=2026-11-20&to=2026-11-20&direction=credit&pageSize=5`,
    );
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items.map((x: { bookedAt: string }) => x.bookedAt)).toContain(
      '2026-11-20T01:30:00.000Z',
    );
    const masked = await get(`/api/clients/${clientId}/transactions?minAmountMinor=1&pageSize=100`);
    expect(masked.body).not.toContain('张三');
    expect(masked.body).toContain('张*');
    const badDate = await get(`/api/clients/${clientId}/transactions?from=2026-13-01`);
    expect([badDate.statusCode, errorOf(badDate).field]).toEqual([400, 'query.from']);
    const finance = await get(`/api/clients/${clientId}/finance`);
    expect(finance.statusCode, finance.body.slice(0, 300)).toBe(200);
    expect(finance.json().daily[0].points).toHaveLength(730);
    const outsider = await makeUser(t.deps, 'rm');
    const denied = await get(`/api/clients/${clientId}/finance`, await t.login(outsider.username));
    expect([denied.statusCode, errorOf(denied).code]).toEqual([404, 'client.not_found']);
  });
});

import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zh } from '../../src/i18n/zh.ts';
import { serverMessage } from '../../src/ui/errorText.ts';

/** Sentences the server writes with values in them (import problems, relationship refusals). */
const SAMPLES: [string, string][] = [
  ['"X" is not one of: 男, 女, male, female', '“X”不是可选值，可填：男, 女, male, female'],
  ['"2026/13/01" is not a date; write it as 2026-03-01', '“2026/13/01”不是日期，请写成 2026-03-01'],
  [
    '"abc" is not an amount in yuan, such as 1000000.00, 100万 or 1.5亿',
    '“abc”不是以元为单位的金额，例如 1000000.00、100万 或 1.5亿',
  ],
  ['"1.001" is finer than one fen', '“1.001”精确到了分以下'],
  ['"9e99" is too large', '“9e99”数值过大'],
  ['"12.5" is not a whole number', '“12.5”不是整数'],
  ['repeats the client of row 7', '与第 7 行是同一客户'],
  ['already on file as client 42', '已建档（客户 ID 42）'],
  [
    'rm99 is not an active relationship manager within your team or branch.',
    'rm99 不是您团队或机构内在职的客户经理',
  ],
  ['no client with identifier "110101"', '没有证件号码或信用代码为“110101”的客户'],
  [
    'Shareholdings in 华信科技 would reach 120.00 %; 60.00 % is already recorded.',
    '华信科技 的持股比例合计将达 120.00%（已登记 60.00%），不能超过 100%',
  ],
  ['A spouse link starts from an individual; 华信科技 is not one.', '该关系的一方应为个人，华信科技 不是'],
  ['A parent company link points to a company; 张三 is not one.', '该关系的关联方应为企业，张三 不是'],
  ['张三 already has a spouse recorded.', '张三 已登记配偶'],
  [
    'The CSV cannot be read near line 3: Invalid Closing Quote',
    'CSV 文件无法读取（约第 3 行）：Invalid Closing Quote',
  ],
  ['The CSV cannot be read: Invalid Closing Quote', 'CSV 文件无法读取：Invalid Closing Quote'],
  [
    'account 6222***********0001 is not registered: register it first (POST /api/accounts/batch) or correct the number',
    '账号 6222***********0001 尚未登记：请先登记账户，或改正账号',
  ],
  [
    'statement STMT-1, entry 3: "x" is not a date or time such as 2026-11-02 09:30',
    '对账单 STMT-1 第 3 笔：“x”不是日期或时间，例如 2026-11-02 09:30',
  ],
  [
    "is USD but the account is kept in CNY: send the amount in the account's currency",
    '币种为 USD，但账户币种为 CNY：请按账户币种填写金额',
  ],
];

describe('server sentences in the user’s language', () => {
  it.each(SAMPLES)('%s', (message, expected) => {
    expect(serverMessage(zh, message)).toBe(expected);
  });

  it('keeps exact sentences exact and leaves unknown ones as written', () => {
    expect(serverMessage(zh, 'The file is empty.')).toBe('文件是空的');
    expect(serverMessage(zh, 'Something new happened.')).toBe('Something new happened.');
  });

  it('shows the English sentence unchanged in English', () => {
    for (const [message] of SAMPLES) expect(serverMessage(en, message)).toBe(message);
  });
});

import { CLIENT_IMPORT_FIELDS, type ClientImportField, type ImportProblem } from '@dossier/contract';

/**
 * Reading a row of someone else's spreadsheet as a client: which column fills which field, and
 * how bank staff write values (男/女, 居民身份证, 私人银行, 100万, 2026/3/1). Pure; no I/O.
 */

/** Field → header names people use for it (compared without case, spaces, underscores or brackets). */
const SYNONYMS: Record<ClientImportField, string[]> = {
  kind: ['kind', 'type', 'clienttype', '客户类型', '类型', '对公对私'],
  name: ['name', 'clientname', '姓名', '客户名称', '客户姓名', '名称', '企业名称', '公司名称'],
  gender: ['gender', 'sex', '性别'],
  birthDate: ['birthdate', 'dateofbirth', '出生日期', '生日'],
  idType: ['idtype', '证件类型'],
  idNumber: ['idnumber', 'idno', '证件号码', '证件号', '身份证号', '身份证号码'],
  mobile: ['mobile', 'phone', 'mobilephone', '手机', '手机号', '手机号码', '联系电话'],
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮箱', '电子邮件'],
  address: ['address', '地址', '联系地址', '住址'],
  occupation: ['occupation', 'job', '职业'],
  employer: ['employer', 'company', '工作单位', '单位'],
  annualIncomeBand: ['annualincomeband', 'incomeband', 'income', '年收入', '年收入区间'],
  maritalStatus: ['maritalstatus', 'marital', '婚姻状况', '婚姻'],
  education: ['education', '学历', '教育程度'],
  riskTolerance: ['risktolerance', 'risklevel', '风险承受能力', '风险等级', '风险评级'],
  riskAssessedOn: ['riskassessedon', '风险评估日期', '评估日期'],
  creditCode: ['creditcode', 'uscc', 'unifiedsocialcreditcode', '统一社会信用代码', '信用代码'],
  industryCode: ['industrycode', 'industry', '行业代码', '行业'],
  registeredCapital: ['registeredcapital', '注册资本', '注册资本元'],
  foundedOn: ['foundedon', 'established', '成立日期'],
  legalRepresentative: ['legalrepresentative', '法定代表人', '法人代表', '法人'],
  annualRevenue: ['annualrevenue', 'revenue', '年营业收入', '营业收入', '年收入元'],
  employees: ['employees', 'headcount', '员工人数', '职工人数'],
  listedStatus: ['listedstatus', '上市状态', '上市情况'],
  creditRating: ['creditrating', 'rating', '信用评级', '内部评级'],
  tier: ['tier', '客户等级', '等级'],
  status: ['status', '客户状态', '状态'],
  tags: ['tags', '标签'],
  owner: ['owner', 'rm', 'ownerusername', '客户经理', '主办客户经理', '客户经理账号'],
  contactName: ['contactname', '联系人', '联系人姓名'],
  contactRole: ['contactrole', '联系人职务', '职务'],
  contactPhone: ['contactphone', '联系人电话', '联系人手机'],
  contactEmail: ['contactemail', '联系人邮箱'],
};
export const IMPORT_FIELDS: readonly string[] = CLIENT_IMPORT_FIELDS;

const norm = (h: string) => h.toLowerCase().replace(/[\s_()（）:：*]/g, '');
const BY_HEADER = new Map<string, string>();
for (const [field, names] of Object.entries(SYNONYMS)) for (const n of names) BY_HEADER.set(norm(n), field);

/** Which field each column fills: the saved mapping first, then the names people use. */
export function resolveColumns(
  headers: string[],
  saved: Record<string, string | null> = {},
): { column: string; field: string | null }[] {
  const taken = new Set<string>();
  return headers.map((column) => {
    const field = column in saved ? saved[column]! : (BY_HEADER.get(norm(column)) ?? null);
    if (field === null || taken.has(field) || !IMPORT_FIELDS.includes(field)) return { column, field: null };
    taken.add(field);
    return { column, field };
  });
}

type Parsed = { value: unknown } | { problem: string };
const ok = (value: unknown): Parsed => ({ value });
const bad = (problem: string): Parsed => ({ problem });

function lookup(table: Record<string, string>, accepted: string): (v: string) => Parsed {
  return (v) => {
    const hit = table[v.trim().toLowerCase()];
    return hit ? ok(hit) : bad(`"${v}" is not one of: ${accepted}`);
  };
}

const KIND = lookup(
  {
    individual: 'individual',
    个人: 'individual',
    对私: 'individual',
    自然人: 'individual',
    corporate: 'corporate',
    企业: 'corporate',
    公司: 'corporate',
    对公: 'corporate',
    法人: 'corporate',
  },
  '个人/individual, 企业/corporate',
);
const GENDER = lookup(
  { male: 'male', m: 'male', 男: 'male', female: 'female', f: 'female', 女: 'female' },
  '男, 女',
);
const ID_TYPE = lookup(
  {
    resident_id: 'resident_id',
    居民身份证: 'resident_id',
    身份证: 'resident_id',
    passport: 'passport',
    护照: 'passport',
    hk_macao_permit: 'hk_macao_permit',
    港澳居民来往内地通行证: 'hk_macao_permit',
    港澳通行证: 'hk_macao_permit',
    taiwan_permit: 'taiwan_permit',
    台湾居民来往大陆通行证: 'taiwan_permit',
    台胞证: 'taiwan_permit',
    foreign_permanent_resident: 'foreign_permanent_resident',
    外国人永久居留身份证: 'foreign_permanent_resident',
  },
  '居民身份证, 护照, 港澳通行证, 台胞证, 外国人永久居留身份证',
);
const TIER = lookup(
  {
    private: 'private',
    私人银行: 'private',
    私行: 'private',
    diamond: 'diamond',
    钻石: 'diamond',
    platinum: 'platinum',
    白金: 'platinum',
    gold: 'gold',
    黄金: 'gold',
    金卡: 'gold',
    standard: 'standard',
    大众: 'standard',
    普通: 'standard',
  },
  '私人银行, 钻石, 白金, 黄金, 大众',
);
const STATUS = lookup(
  {
    active: 'active',
    正常: 'active',
    有效: 'active',
    prospect: 'prospect',
    潜在: 'prospect',
    潜在客户: 'prospect',
    dormant: 'dormant',
    休眠: 'dormant',
    睡眠: 'dormant',
    closed: 'closed',
    销户: 'closed',
    已销户: 'closed',
  },
  '正常, 潜在客户, 休眠, 销户',
);
const RISK = lookup(
  {
    c1: 'C1',
    保守型: 'C1',
    c2: 'C2',
    稳健型: 'C2',
    谨慎型: 'C2',
    c3: 'C3',
    平衡型: 'C3',
    c4: 'C4',
    成长型: 'C4',
    进取型: 'C4',
    c5: 'C5',
    激进型: 'C5',
  },
  'C1–C5 or 保守型, 稳健型, 平衡型, 成长型, 激进型',
);
const INCOME = lookup(
  {
    lt_100k: 'lt_100k',
    '10万以下': 'lt_100k',
    '100k_300k': '100k_300k',
    '10-30万': '100k_300k',
    '10万-30万': '100k_300k',
    '300k_1m': '300k_1m',
    '30-100万': '300k_1m',
    '30万-100万': '300k_1m',
    '1m_5m': '1m_5m',
    '100-500万': '1m_5m',
    '100万-500万': '1m_5m',
    gt_5m: 'gt_5m',
    '500万以上': 'gt_5m',
  },
  '10万以下, 10-30万, 30-100万, 100-500万, 500万以上',
);
const MARITAL = lookup(
  {
    single: 'single',
    未婚: 'single',
    married: 'married',
    已婚: 'married',
    divorced: 'divorced',
    离异: 'divorced',
    widowed: 'widowed',
    丧偶: 'widowed',
  },
  '未婚, 已婚, 离异, 丧偶',
);
const EDUCATION = lookup(
  {
    below_high_school: 'below_high_school',
    初中及以下: 'below_high_school',
    high_school: 'high_school',
    高中: 'high_school',
    中专: 'high_school',
    associate: 'associate',
    大专: 'associate',
    bachelor: 'bachelor',
    本科: 'bachelor',
    master: 'master',
    硕士: 'master',
    研究生: 'master',
    doctorate: 'doctorate',
    博士: 'doctorate',
  },
  '初中及以下, 高中, 大专, 本科, 硕士, 博士',
);
const LISTED = lookup(
  {
    unlisted: 'unlisted',
    未上市: 'unlisted',
    listed_a: 'listed_a',
    a股: 'listed_a',
    listed_hk: 'listed_hk',
    港股: 'listed_hk',
    listed_overseas: 'listed_overseas',
    境外上市: 'listed_overseas',
    neeq: 'neeq',
    新三板: 'neeq',
  },
  '未上市, A股, 港股, 境外上市, 新三板',
);

/** `2026-03-01`, `2026/3/1`, `20260301`, `2026年3月1日` → `2026-03-01`. */
export function parseDate(v: string): Parsed {
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim()) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim());
  if (!m) return bad(`"${v}" is not a date; write it as 2026-03-01`);
  return ok(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
}

/** Yuan written as people write it (`1,000,000.50`, `100万`, `1.5亿`) → integer fen. */
export function parseYuan(v: string): Parsed {
  const m = /^(\d+(?:\.\d+)?)(万|亿)?(?:元)?$/.exec(v.trim().replaceAll(',', '').replaceAll('，', ''));
  if (!m) return bad(`"${v}" is not an amount in yuan, such as 1000000.00, 100万 or 1.5亿`);
  const scale = m[2] === '亿' ? 100_000_000n : m[2] === '万' ? 10_000n : 1n;
  // Exact decimal arithmetic on the digits: never a float for money.
  const [whole, frac = ''] = m[1]!.split('.');
  const numerator = BigInt(whole! + frac) * scale * 100n;
  const denominator = 10n ** BigInt(frac.length);
  if (numerator % denominator !== 0n) return bad(`"${v}" is finer than one fen`);
  const exact = numerator / denominator;
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) return bad(`"${v}" is too large`);
  return ok({ minor: Number(exact), currency: 'CNY' });
}

const text = (v: string): Parsed => ok(v.trim());
const CONVERT: Record<string, (v: string) => Parsed> = {
  kind: KIND,
  gender: GENDER,
  idType: ID_TYPE,
  tier: TIER,
  status: STATUS,
  riskTolerance: RISK,
  annualIncomeBand: INCOME,
  maritalStatus: MARITAL,
  education: EDUCATION,
  listedStatus: LISTED,
  birthDate: parseDate,
  riskAssessedOn: parseDate,
  foundedOn: parseDate,
  registeredCapital: parseYuan,
  annualRevenue: parseYuan,
  employees: (v) => (/^\d+$/.test(v.trim()) ? ok(Number(v.trim())) : bad(`"${v}" is not a whole number`)),
  tags: (v) =>
    ok(
      v
        .split(/[,，;；、]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  creditRating: (v) => ok(v.trim().toUpperCase()),
  idNumber: (v) => ok(v.trim().toUpperCase()),
  creditCode: (v) => ok(v.trim().toUpperCase()),
  industryCode: (v) => ok(v.trim().toUpperCase()),
};

/**
 * One row as the input of a new client (plus the owner's username), or the problems in it.
 * Blank cells are left out. The kind, when not given, follows from the identifier present.
 */
export function rowToClientInput(
  cells: Record<string, string>,
  columns: { column: string; field: string | null }[],
  rowNumber: number,
): { input: Record<string, unknown>; owner: string | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const values: Record<string, unknown> = {};
  const columnOf: Record<string, string> = {};
  for (const { column, field } of columns) {
    if (!field) continue;
    columnOf[field] = column;
    const raw = (cells[column] ?? '').trim();
    if (raw === '') continue;
    const parsed = (CONVERT[field] ?? text)(raw);
    if ('problem' in parsed) problems.push({ row: rowNumber, column, field, message: parsed.problem });
    else values[field] = parsed.value;
  }
  const kind = (values.kind as string | undefined) ?? (values.creditCode ? 'corporate' : 'individual');
  const owner = (values.owner as string | undefined)?.toLowerCase() ?? null;
  const contact =
    kind === 'corporate' && values.contactName
      ? [
          {
            name: values.contactName,
            ...(values.contactRole ? { role: values.contactRole } : {}),
            ...(values.contactPhone ? { phone: values.contactPhone } : {}),
            ...(values.contactEmail ? { email: values.contactEmail } : {}),
          },
        ]
      : undefined;
  for (const f of ['kind', 'owner', 'contactName', 'contactRole', 'contactPhone', 'contactEmail'])
    delete values[f];
  if (kind === 'individual' && values.idNumber && !values.idType)
    values.idType = /^\d{17}[\dX]$/.test(String(values.idNumber)) ? 'resident_id' : 'passport';
  return {
    input: { kind, ...values, ...(contact ? { contacts: contact } : {}), source: 'import' },
    owner,
    problems,
  };
}

/** The spreadsheet column a field came from, for problems found after conversion. */
export function columnOfField(
  columns: { column: string; field: string | null }[],
  field: string,
): string | null {
  const top = field.split('.')[0]!;
  const direct = columns.find((c) => c.field === top)?.column;
  if (direct) return direct;
  if (top === 'contacts') return columns.find((c) => c.field?.startsWith('contact'))?.column ?? null;
  return null;
}

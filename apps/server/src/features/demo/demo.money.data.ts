import type { AssetClass, ProductRiskLevel } from '@dossier/contract';

/** Card merchants by ISO 18245 category: name, MCC, typical amount in yuan, weight among purchases. */
export const MERCHANTS: readonly [
  name: string,
  mcc: string,
  minYuan: number,
  maxYuan: number,
  weight: number,
][] = [
  ['盒马鲜生', '5411', 40, 600, 14],
  ['永辉超市', '5411', 30, 500, 10],
  ['美团外卖', '5814', 20, 120, 16],
  ['星巴克', '5814', 30, 90, 6],
  ['海底捞火锅', '5812', 150, 900, 5],
  ['西贝莜面村', '5812', 100, 600, 4],
  ['中国石化加油站', '5541', 200, 600, 6],
  ['滴滴出行', '4121', 15, 150, 9],
  ['京东商城', '5311', 60, 3000, 8],
  ['天猫', '5311', 50, 2500, 8],
  ['苹果零售店', '5732', 2000, 15000, 1],
  ['中国国际航空', '4511', 800, 6000, 1],
  ['携程旅行', '4722', 500, 8000, 2],
  ['万豪酒店', '7011', 600, 3500, 2],
  ['大参林药房', '5912', 30, 300, 3],
  ['新东方教育', '8220', 2000, 20000, 1],
  ['万达影城', '7832', 60, 200, 3],
];

/** Bills paid from the current account each month: name, MCC, yuan range. */
export const BILLS: readonly [name: string, mcc: string, minYuan: number, maxYuan: number][] = [
  ['国网电力', '4900', 120, 600],
  ['自来水公司', '4900', 40, 150],
  ['燃气公司', '4900', 60, 300],
  ['中国移动', '4814', 58, 199],
];

export const PAYMENT_APPS = ['财付通支付科技有限公司', '支付宝（中国）网络技术有限公司'];

/**
 * Products a client may hold, with their risk level (R1 lowest … R5 highest). A client holds only
 * products at or below their tolerance (C1 → R1 … C5 → R5), as the suitability rule requires.
 */
export type Product = Readonly<{
  name: string;
  assetClass: AssetClass;
  risk: ProductRiskLevel;
  /** How the money moves: a 90-day product rolls over, a fund is bought monthly, a policy yearly. */
  rhythm: 'rolling_90d' | 'monthly_sip' | 'annual_premium' | 'held_with_coupon';
  /** Yearly return in basis points: low … high (negative for a loss). */
  returnBp: readonly [number, number];
}>;
export const PRODUCTS: readonly Product[] = [
  {
    name: '储蓄国债（电子式）三年期',
    assetClass: 'bond',
    risk: 'R1',
    rhythm: 'held_with_coupon',
    returnBp: [238, 238],
  },
  {
    name: '增额终身寿险',
    assetClass: 'insurance',
    risk: 'R1',
    rhythm: 'annual_premium',
    returnBp: [250, 300],
  },
  { name: '天天利货币基金', assetClass: 'fund', risk: 'R1', rhythm: 'monthly_sip', returnBp: [140, 180] },
  {
    name: '稳享90天理财',
    assetClass: 'wealth_management',
    risk: 'R2',
    rhythm: 'rolling_90d',
    returnBp: [250, 320],
  },
  { name: '地方政府债', assetClass: 'bond', risk: 'R2', rhythm: 'held_with_coupon', returnBp: [220, 280] },
  { name: '纯债债券基金A', assetClass: 'fund', risk: 'R2', rhythm: 'monthly_sip', returnBp: [150, 420] },
  {
    name: '睿远固收增强理财',
    assetClass: 'wealth_management',
    risk: 'R3',
    rhythm: 'rolling_90d',
    returnBp: [-150, 550],
  },
  { name: '均衡配置混合基金', assetClass: 'fund', risk: 'R3', rhythm: 'monthly_sip', returnBp: [-600, 900] },
  {
    name: '沪深300指数增强基金',
    assetClass: 'fund',
    risk: 'R4',
    rhythm: 'monthly_sip',
    returnBp: [-1500, 1800],
  },
  {
    name: '科技创新混合基金',
    assetClass: 'fund',
    risk: 'R5',
    rhythm: 'monthly_sip',
    returnBp: [-3000, 3500],
  },
];

/** Corporate cash management: structured deposits and short wealth products, R1–R2 only. */
export const CORPORATE_PRODUCTS: readonly Product[] = [
  {
    name: '对公结构性存款',
    assetClass: 'wealth_management',
    risk: 'R1',
    rhythm: 'rolling_90d',
    returnBp: [150, 260],
  },
  {
    name: '对公稳利90天理财',
    assetClass: 'wealth_management',
    risk: 'R2',
    rhythm: 'rolling_90d',
    returnBp: [220, 300],
  },
];

/** Chinese New Year's day in the window: spending rises before it, companies pay bonuses and pause. */
export const SPRING_FESTIVALS = ['2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26'];

/** Banks a counterparty may keep its account at (prefix of the number). */
export const OTHER_BANK_PREFIXES = ['6217', '6228', '6214', '6226', '6230'];

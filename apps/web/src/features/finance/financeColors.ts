import type { LoanClassification } from '@dossier/contract';
import type { AllocationKey } from './financeShape.ts';

// Money in is blue-green and money out is orange everywhere on the finance tab. Red and green are
// avoided on purpose: in China red reads as "up", in the West as "loss"; these two read the same to both.
export const INFLOW = '#13a8a8';
export const OUTFLOW = '#fa8c16';
export const ASSETS = '#1677ff';
export const LIABILITIES = '#722ed1';
export const NET = '#595959';

/** Shades for the categories of one direction, darkest for the largest. */
export const INFLOW_SHADES = ['#006d75', '#13a8a8', '#5cdbd3', '#08979c', '#87e8de', '#00474f', '#b5f5ec'];
export const OUTFLOW_SHADES = ['#ad4e00', '#fa8c16', '#ffc069', '#d46b08', '#ffd591', '#873800', '#ffa940'];

export const ALLOCATION_COLOR: Record<AllocationKey, string> = {
  demand_deposit: '#1677ff',
  time_deposit: '#69b1ff',
  wealth_management: '#13a8a8',
  fund: '#722ed1',
  insurance: '#faad14',
  bond: '#2f54eb',
};

/** The five categories from calm to grave. */
export const CLASSIFICATION_COLOR: Record<LoanClassification, string> = {
  normal: 'blue',
  special_mention: 'gold',
  substandard: 'orange',
  doubtful: 'volcano',
  loss: 'magenta',
};

export const UTILISATION_COLOR = { normal: '#1677ff', watch: '#faad14', high: '#d4380d' } as const;

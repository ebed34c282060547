import { ChargeCategory } from '@finops-backstage/plugin-finops-node';
import { Figures } from './Figures';

/** FOCUS charge category where the figures tell it; undefined where usage and credits may be netted. */
export function chargeCategoryOf(
  family: string,
  figures: Figures,
): ChargeCategory | undefined {
  if (family === 'tax') {
    return 'Tax';
  }
  if (family === 'commitment') {
    return 'Purchase';
  }
  if (figures.quantity.isZero() && figures.billed.isNegative()) {
    return 'Credit';
  }
  if (figures.quantity.isPositive() && !figures.quantity.isZero()) {
    return 'Usage';
  }
  return undefined;
}

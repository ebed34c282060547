import Decimal from 'decimal.js';
import { confidenceOf, priceOption } from './commitmentOptions';

describe('priceOption', () => {
  // One m5.large all year (8760 h) at 0.096 on demand: 840.96 a year, 70.08 a month.
  const base = {
    rateView: 'x',
    annualUnits: new Decimal(8760),
    onDemandRate: new Decimal('0.096'),
    confidence: 'high' as const,
  };

  it('prices no upfront: pays from the first month', () => {
    expect(
      priceOption({
        ...base,
        term: '1y',
        paymentOption: 'no_upfront',
        rate: new Decimal('0.0672'),
      }),
    ).toEqual({
      ...{
        term: '1y',
        paymentOption: 'no_upfront',
        rateView: 'x',
        confidence: 'high',
      },
      rate: '0.0672',
      upfront: '0.00',
      monthly: '49.06', // 8760 × 0.0672 = 588.672 a year
      annualSavings: '252.29', // 8760 × (0.096 − 0.0672) = 252.288
      savingsPercent: '30.0',
      breakEvenMonth: 1,
    });
  });

  it('prices partial and all upfront, with their break-even month', () => {
    // 8760 × 0.06336 = 555.0336 (saves 840.96 − 555.0336 = 285.9264 a year): half upfront 277.52, the rest over 12 months 23.13;
    // each month saves 70.08 − 23.13 = 46.95 of on-demand cost: 277.52 ÷ 46.95 = 5.9 → month 6.
    expect(
      priceOption({
        ...base,
        term: '1y',
        paymentOption: 'partial_upfront',
        rate: new Decimal('0.06336'),
      }),
    ).toMatchObject({
      upfront: '277.52',
      monthly: '23.13',
      annualSavings: '285.93',
      breakEvenMonth: 6,
    });
    // 8760 × 0.06144 = 538.2144 upfront, nothing monthly: 538.21 ÷ 70.08 = 7.7 → month 8.
    expect(
      priceOption({
        ...base,
        term: '1y',
        paymentOption: 'all_upfront',
        rate: new Decimal('0.06144'),
      }),
    ).toMatchObject({
      upfront: '538.21',
      monthly: '0.00',
      annualSavings: '302.75',
      breakEvenMonth: 8,
    });
    // 3 years all upfront at 0.04128: 1084.8384 upfront, paid back after 1084.84 ÷ 70.08 = 15.5 → 16.
    expect(
      priceOption({
        ...base,
        term: '3y',
        paymentOption: 'all_upfront',
        rate: new Decimal('0.04128'),
      }),
    ).toMatchObject({
      upfront: '1084.84',
      annualSavings: '479.35',
      breakEvenMonth: 16,
    });
  });

  it('leaves an option unpriced when its view prices nothing', () => {
    expect(
      priceOption({ ...base, term: '1y', paymentOption: 'no_upfront' }),
    ).toEqual({
      term: '1y',
      paymentOption: 'no_upfront',
      rateView: 'x',
      confidence: 'high',
    });
  });
});

describe('confidenceOf', () => {
  it('trusts steady usage seen every day, less so over 3 years', () => {
    expect(confidenceOf(new Decimal('0.9'), 90, 90, '1y')).toBe('high');
    expect(confidenceOf(new Decimal('0.9'), 90, 90, '3y')).toBe('medium');
    expect(confidenceOf(new Decimal('0.6'), 90, 64, '1y')).toBe('medium');
    expect(confidenceOf(new Decimal('0.3'), 90, 90, '1y')).toBe('low');
    expect(confidenceOf(new Decimal('0.9'), 20, 20, '1y')).toBe('low');
  });
});

import request from 'supertest';

/** Exact cents of a decimal string such as "1623.56" or "-0.5". */
export function cents(amount: string | undefined): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount ?? '');
  if (!match) throw new Error(`not an amount in cents: ${amount}`);
  const value =
    BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -value : value;
}

/** The exact sum of amounts in cents. */
export const sumCents = (amounts: Array<string | undefined>) =>
  amounts.reduce((total, amount) => total + cents(amount), 0n);

/** A GET of the FinOps API of a test backend that must answer 200; says what it got otherwise. */
export function apiGetter(server: () => any) {
  return async (route: string, query: Record<string, string>) => {
    const response = await request(server())
      .get(`/api/finops${route}`)
      .query(query);
    if (response.status !== 200) {
      throw new Error(
        `GET ${route} ${JSON.stringify(query)}: ${
          response.status
        } ${JSON.stringify(response.body)}`,
      );
    }
    return response;
  };
}

/** Sets the backend's clock (FINOPS_NOW, read by createFinopsClock) for a describe block. */
export function withClock(now: string) {
  const saved = process.env.FINOPS_NOW;
  beforeAll(() => {
    process.env.FINOPS_NOW = now;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.FINOPS_NOW;
    else process.env.FINOPS_NOW = saved;
  });
}

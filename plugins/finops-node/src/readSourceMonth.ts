import { CostSource, CostSourceRow } from './CostSource';

/**
 * Reads a month of a cost source whole, as a run would: its rows, and the requests it counted
 * (the operations, in the order sent). For a module's tests and tools.
 */
export async function readSourceMonth(
  source: Pick<CostSource, 'readMonth'>,
  month: string,
): Promise<{ rows: CostSourceRow[]; requests: string[] }> {
  const requests: string[] = [];
  const rows: CostSourceRow[] = [];
  for await (const row of source.readMonth({
    month,
    countRequest: operation => requests.push(operation),
  })) {
    rows.push(row);
  }
  return { rows, requests };
}

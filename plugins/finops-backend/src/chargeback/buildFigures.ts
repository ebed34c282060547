import {
  ChargebackFigures,
  allocateCents,
  ChargebackGroup,
  ChargebackLine,
  ChargebackOwner,
} from '@internal/plugin-finops-common';
import Decimal from 'decimal.js';

/** A line with its exact (unrounded) cost, as the mart or a closed report gives it. */
export interface ExactLine extends Omit<ChargebackLine, 'cost'> {
  /** Exact cost (numeric text); absent when unpriced. */
  exactCost?: string;
}

export const NONE = 'none';

/**
 * Sums exact costs per (key, mode), then rounds every cell to cents by largest remainder so that
 * groups add up to the total and each group's direct + indirect to its cost, to the cent.
 */
function groupBy(
  lines: ExactLine[],
  keyOf: (line: ExactLine) => string | undefined,
): ChargebackGroup[] {
  const cells = new Map<string, Decimal>();
  for (const line of lines) {
    if (line.exactCost === undefined) continue;
    const key = `${keyOf(line) ?? NONE}\u0000${line.mode}`;
    cells.set(key, (cells.get(key) ?? new Decimal(0)).plus(line.exactCost));
  }
  const keys = [...cells.keys()].sort();
  const cents = allocateCents(keys.map(key => cells.get(key)!));
  const groups = new Map<string, { direct: Decimal; indirect: Decimal }>();
  keys.forEach((cell, index) => {
    const [key, mode] = cell.split('\u0000');
    const group = groups.get(key) ?? {
      direct: new Decimal(0),
      indirect: new Decimal(0),
    };
    if (mode === 'INDIRECT') group.indirect = group.indirect.plus(cents[index]);
    else group.direct = group.direct.plus(cents[index]);
    groups.set(key, group);
  });
  return [...groups.entries()]
    .map(([key, { direct, indirect }]) => ({
      key,
      cost: direct.plus(indirect).toFixed(2),
      direct: direct.toFixed(2),
      indirect: indirect.toFixed(2),
    }))
    .sort(
      (a, b) =>
        new Decimal(b.cost).comparedTo(a.cost) || a.key.localeCompare(b.key),
    );
}

/**
 * The figures of a chargeback report from its exact lines: totals, owners rolled up the group
 * hierarchy, cost centres, systems, and lines rounded so that every view of it adds up to the total.
 */
export function buildFigures(
  lines: ExactLine[],
  parentOf: Map<string, string>,
): ChargebackFigures {
  const allocated = (keyOf: (line: ExactLine) => string | undefined) =>
    groupBy(lines, keyOf);
  // The unallocated remainder is a group of its own at every level.
  const isUnallocated = (line: ExactLine) => line.entityRef === undefined;
  const [totals] = allocated(() => 'all').concat([
    { key: 'all', cost: '0.00', direct: '0.00', indirect: '0.00' },
  ]);
  const ownerGroups = allocated(line =>
    isUnallocated(line) ? 'unallocated' : line.ownerRef,
  );
  const unallocated =
    ownerGroups.find(group => group.key === 'unallocated')?.cost ?? '0.00';
  const owners = ownerGroups.filter(group => group.key !== 'unallocated');
  const own = new Map(owners.map(owner => [owner.key, owner]));
  // Every group on the way up from an owner appears, with what its descendants own.
  const rolled = new Map<string, Decimal>();
  for (const owner of owners) {
    const seen = new Set<string>();
    let ref: string | undefined = owner.key;
    while (ref && !seen.has(ref)) {
      seen.add(ref);
      rolled.set(ref, (rolled.get(ref) ?? new Decimal(0)).plus(owner.cost));
      ref = owner.key === NONE ? undefined : parentOf.get(ref);
    }
  }
  const byOwner: ChargebackOwner[] = [...rolled.entries()]
    .map(([key, rolledUp]) => ({
      key,
      parentRef: parentOf.get(key),
      cost: own.get(key)?.cost ?? '0.00',
      direct: own.get(key)?.direct ?? '0.00',
      indirect: own.get(key)?.indirect ?? '0.00',
      rolledUp: rolledUp.toFixed(2),
    }))
    .sort(
      (a, b) =>
        new Decimal(b.rolledUp).comparedTo(a.rolledUp) ||
        a.key.localeCompare(b.key),
    );

  const priced = lines.flatMap((line, index) =>
    line.exactCost === undefined ? [] : [index],
  );
  const lineCents = allocateCents(
    priced.map(index => new Decimal(lines[index].exactCost!)),
  );
  const rounded = new Map(priced.map((index, i) => [index, lineCents[i]]));
  return {
    total: totals.cost,
    direct: totals.direct,
    indirect: totals.indirect,
    unallocated,
    byOwner,
    byCostCenter: allocated(line =>
      isUnallocated(line) ? 'unallocated' : line.costCenter,
    ),
    bySystem: allocated(line =>
      isUnallocated(line) ? 'unallocated' : line.systemRef,
    ),
    lines: lines.map(({ exactCost: _exact, ...line }, index) => ({
      ...line,
      cost: rounded.get(index)?.toFixed(2),
    })),
  };
}

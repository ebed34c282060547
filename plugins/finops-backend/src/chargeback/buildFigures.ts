import {
  ChargebackFigures,
  allocateCents,
  ChargebackGroup,
  ChargebackLine,
  ChargebackOwner,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';

/** A line with its exact (unrounded) cost, as the mart or a closed report gives it. */
export interface ExactLine extends Omit<ChargebackLine, 'cost'> {
  /** Exact cost (numeric text); absent when unpriced. */
  exactCost?: string;
  /** The application-month cell whose cents the line shares (`partitionOf` of the costs). */
  partition?: string;
}

export const NONE = 'none';

/**
 * The cents of each priced line. With `targets` (the cents of each application-month cell, as
 * the costs routes have them) each cell's cents are shared over its lines by largest remainder,
 * so an entity's report has the cents of its costs; without (a closed report), the report's
 * exact total is rounded once and shared over all its lines.
 */
function centsOfLines(
  lines: ExactLine[],
  targets?: Map<string, Decimal>,
): Array<Decimal | undefined> {
  const cells = new Map<string, number[]>();
  lines.forEach((line, index) => {
    if (line.exactCost === undefined) return;
    const cell =
      targets && line.partition && targets.has(line.partition)
        ? line.partition
        : '';
    const members = cells.get(cell);
    if (members) members.push(index);
    else cells.set(cell, [index]);
  });
  const result: Array<Decimal | undefined> = new Array(lines.length);
  for (const [cell, members] of cells) {
    const cents = allocateCents(
      members.map(index => lines[index].exactCost!),
      cell ? targets!.get(cell) : undefined,
    );
    members.forEach((index, i) => {
      result[index] = cents[i];
    });
  }
  return result;
}

/** Sums the lines' cents per key and mode: every group is the sum of its lines. */
function groupBy(
  lines: ExactLine[],
  cents: Array<Decimal | undefined>,
  keyOf: (line: ExactLine) => string | undefined,
): ChargebackGroup[] {
  const groups = new Map<string, { direct: Decimal; indirect: Decimal }>();
  lines.forEach((line, index) => {
    const amount = cents[index];
    if (amount === undefined) return;
    const key = keyOf(line) ?? NONE;
    const group = groups.get(key) ?? {
      direct: new Decimal(0),
      indirect: new Decimal(0),
    };
    if (line.mode === 'INDIRECT') group.indirect = group.indirect.plus(amount);
    else group.direct = group.direct.plus(amount);
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
  targets?: Map<string, Decimal>,
): ChargebackFigures {
  const lineCents = centsOfLines(lines, targets);
  const allocated = (keyOf: (line: ExactLine) => string | undefined) =>
    groupBy(lines, lineCents, keyOf);
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
    lines: lines.map(
      ({ exactCost: _exact, partition: _partition, ...line }, index) => ({
        ...line,
        cost: lineCents[index]?.toFixed(2),
      }),
    ),
  };
}

import { TagCoverage } from '@finops-backstage/plugin-finops-common';

/** A percent of the API (a decimal string, null when there is no cost to divide) for display: `87.50%` or `–`. */
export function formatPercent(percent: string | null | undefined): string {
  return percent === null || percent === undefined ? '–' : `${percent}%`;
}

/** The coverage of one tag among a list (a slice's, a month's). */
export function coverageOf(
  tags: TagCoverage[],
  tag: string,
): TagCoverage | undefined {
  return tags.find(coverage => coverage.tag === tag);
}

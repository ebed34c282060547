import { Theme } from '@material-ui/core/styles';

/**
 * Categorical colours readable on light and dark backgrounds. A series keeps its colour on every
 * chart and in every grouping: the colour follows its key, not its rank.
 */
const SERIES_COLOURS = [
  '#4E79A7',
  '#F28E2B',
  '#59A14F',
  '#E15759',
  '#76B7B2',
  '#EDC948',
  '#B07AA1',
  '#FF9DA7',
  '#9C755F',
  '#3B8BD0',
  '#8CD17D',
  '#D37295',
];

/** Brand colours of the clouds. */
const CLOUD_COLOURS: Record<string, string> = {
  aws: '#FF9900',
  azure: '#0078D4',
};

function hashOf(key: string): number {
  let hash = 0;
  for (const char of key) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return hash;
}

/**
 * The colours of the series of one chart: each key takes the colour its name hashes to (a cloud
 * its brand colour), or the next free one when another key of the chart has it. Keys are placed
 * in alphabetical order, so the colours do not depend on which series is largest.
 */
export function seriesColours(keys: string[]): Map<string, string> {
  const colours = new Map<string, string>();
  const taken = new Set<number>();
  for (const key of [...new Set(keys)].sort()) {
    const brand = CLOUD_COLOURS[key.toLowerCase()];
    if (brand) {
      colours.set(key, brand);
      continue;
    }
    let slot = hashOf(key) % SERIES_COLOURS.length;
    for (
      let tries = 0;
      taken.has(slot) && tries < SERIES_COLOURS.length;
      tries++
    ) {
      slot = (slot + 1) % SERIES_COLOURS.length;
    }
    taken.add(slot);
    colours.set(key, SERIES_COLOURS[slot]);
  }
  return colours;
}

/** The colour of the series that gathers the rest ("Other"). */
export function otherColour(theme: Theme): string {
  return theme.palette.grey[500];
}

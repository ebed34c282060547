import { CostSourceRow } from '@finops-backstage/plugin-finops-node';

/** An application as the mapper sees it. */
export interface MappableApplication {
  applicationId: number;
  entityRef: string;
  /** `key=value` tag selectors, lower-cased. */
  tagSelectors: string[];
  accountKeys: string[];
}

/** At most this many tags as spelled are kept by a mapper; beyond, each is canonicalised. */
const RAW_TAGS_KEPT = 100_000;

/**
 * Maps source rows to applications: by the entity the source names, then by tag values
 * (an entity's selectors), then by account; the rest goes to `unallocated`.
 * Ties are broken by entity reference, so a mapping never depends on load order.
 */
export class ApplicationMapper {
  private readonly byEntity = new Map<string, number>();
  private readonly byTag = new Map<string, number>();
  private readonly byAccount = new Map<string, number>();
  /**
   * The application of each tag as a source spells it (`null`: none): a month's rows repeat a
   * few tags, and canonicalising one (trim, locale lower case) costs more than the lookup.
   */
  private readonly byRawTag = new Map<string, number | null>();

  constructor(
    applications: MappableApplication[],
    private readonly unallocatedId: number,
  ) {
    const sorted = [...applications].sort((a, b) =>
      a.entityRef.localeCompare(b.entityRef),
    );
    for (const app of sorted) {
      this.byEntity.set(app.entityRef, app.applicationId);
      for (const selector of app.tagSelectors) {
        if (!this.byTag.has(selector)) {
          this.byTag.set(selector, app.applicationId);
        }
      }
      for (const account of app.accountKeys) {
        if (!this.byAccount.has(account)) {
          this.byAccount.set(account, app.applicationId);
        }
      }
    }
  }

  /** The application of a row, or undefined when the row names an entity the catalog lacks. */
  map(row: CostSourceRow): number | undefined {
    if (row.entityRef) {
      return this.byEntity.get(row.entityRef.toLocaleLowerCase('en-US'));
    }
    const tags = row.tags;
    if (tags) {
      const keys = Object.keys(tags);
      if (keys.length > 1) {
        keys.sort((a, b) => a.localeCompare(b));
      }
      for (const key of keys) {
        const id = this.tagged(key, tags[key]);
        if (id !== undefined) {
          return id;
        }
      }
    }
    if (row.account) {
      const id = this.byAccount.get(row.account.key);
      if (id !== undefined) {
        return id;
      }
    }
    return this.unallocatedId;
  }

  private tagged(key: string, value: string): number | undefined {
    const raw = `${key}\u0000${value}`;
    const known = this.byRawTag.get(raw);
    if (known !== undefined) {
      return known ?? undefined;
    }
    const id = this.byTag.get(tagSelector(key, value));
    if (this.byRawTag.size < RAW_TAGS_KEPT) {
      this.byRawTag.set(raw, id ?? null);
    }
    return id;
  }
}

/** The canonical form of a tag selector: `key=value`, trimmed and lower-cased. */
export function tagSelector(key: string, value: string): string {
  return `${key.trim()}=${value.trim()}`.toLocaleLowerCase('en-US');
}

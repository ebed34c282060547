import { DEFAULT_MANDATORY_TAGS } from '@finops-backstage/plugin-finops-common';
import { Knex } from 'knex';
import { reportTagCompliance } from './operations/reportTagCompliance';
import { TagComplianceQuery, TagComplianceStore } from './TagComplianceStore';

/** Tag compliance of the mart's costs; the report is an operation of `operations/`. */
export class DatabaseTagComplianceStore implements TagComplianceStore {
  private constructor(
    private readonly knex: Knex,
    readonly mandatoryTags: string[],
  ) {}

  /** The mandatory tags are trimmed, blank and case-insensitive duplicates left out. */
  static create(options: {
    knex: Knex;
    mandatoryTags?: string[];
  }): DatabaseTagComplianceStore {
    const seen = new Set<string>();
    const tags = (
      options.mandatoryTags?.length
        ? options.mandatoryTags
        : DEFAULT_MANDATORY_TAGS
    )
      .map(tag => tag.trim())
      .filter(tag => {
        const lower = tag.toLocaleLowerCase('en-US');
        if (tag === '' || seen.has(lower)) return false;
        seen.add(lower);
        return true;
      });
    return new DatabaseTagComplianceStore(options.knex, tags);
  }

  report(query: TagComplianceQuery) {
    return reportTagCompliance(this.knex, this.mandatoryTags, query);
  }
}

import { pricingRuleInputSchema } from '@finops-backstage/plugin-finops-common';
import { PricingRuleInput } from '../../api';

/** What a rule applies to. */
export const RULE_TARGET_TYPES = ['product', 'family', 'domain'] as const;
/** What a rule applies to. */
export type RuleTargetType = (typeof RULE_TARGET_TYPES)[number];

/** The columns of the rules CSV, in order. */
export const RULE_CSV_COLUMNS = [
  'product',
  'family',
  'domain',
  'unitPrice',
  'multiplier',
  'validFrom',
  'validTo',
] as const;

/** A validation issue of `pricingRuleInputSchema`. */
export interface RuleIssue {
  path: Array<string | number>;
  message: string;
}

/** Issues as the API words them: `path: message`, joined by `; `. */
export function describeIssues(issues: RuleIssue[]): string {
  return issues
    .map(issue =>
      issue.path.length
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    )
    .join('; ');
}

/** A rule checked against the API's schema: the rule, or the issues. */
export type CheckedRule =
  | { rule: PricingRuleInput; issues?: undefined }
  | { rule?: undefined; issues: RuleIssue[] };

/** Checks a rule against `pricingRuleInputSchema`, the schema the API validates with. */
export function checkRule(input: Record<string, unknown>): CheckedRule {
  const result = pricingRuleInputSchema.safeParse(input);
  return result.success
    ? { rule: result.data }
    : { issues: result.error.issues };
}

/** One data row of a rules CSV, with what the API would say of it. */
export interface CsvRulePreview {
  /** Index among the data rows, the same the API reports rejections with. */
  index: number;
  cells: Record<string, string>;
  error?: string;
}

/**
 * Reads a rules CSV the simple way (lines, then commas; this format needs no quoting). Empty
 * lines are skipped and empty cells left out, as the API does, so indexes match its report.
 */
export function parseRulesCsv(text: string): {
  header: string[];
  rows: CsvRulePreview[];
} {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(line => line.trim() !== '');
  if (lines.length === 0) {
    return { header: [], rows: [] };
  }
  const header = lines[0].split(',').map(cell => cell.trim());
  const rows = lines.slice(1).map((line, index) => {
    const values = line.split(',').map(cell => cell.trim());
    const cells: Record<string, string> = {};
    for (const [i, column] of header.entries()) {
      if (values[i]) {
        cells[column] = values[i];
      }
    }
    const checked = checkRule(cells);
    const error =
      values.length > header.length
        ? `${values.length} cells for ${header.length} columns`
        : checked.issues && describeIssues(checked.issues);
    return { index, cells, error };
  });
  return { header, rows };
}

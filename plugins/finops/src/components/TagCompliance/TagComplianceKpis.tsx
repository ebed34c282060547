import { Box, Chip } from '@material-ui/core';
import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';
import { Kpi, formatMoney } from '../shared';
import { formatPercent } from './tagFormat';

/** Props of {@link TagComplianceKpis}. */
export interface TagComplianceKpisProps {
  report: TagComplianceReport;
}

/** The key figures of a month's tag compliance: compliant share, unallocated cost, total, the tags. */
export function TagComplianceKpis(props: TagComplianceKpisProps) {
  const { report } = props;
  const money = (amount: string) => formatMoney(amount, report.currency);
  return (
    <>
      <Kpi
        title="Compliant"
        value={formatPercent(report.compliantPercent)}
        testId="tags-compliant-percent"
        caption={
          <>
            <span data-testid="tags-compliant-cost">
              {money(report.compliantCost)}
            </span>{' '}
            carries every mandatory tag
          </>
        }
      />
      <Kpi
        title="Unallocated"
        value={money(report.unallocatedCost)}
        testId="tags-unallocated"
        caption={
          <>
            <span data-testid="tags-unallocated-percent">
              {formatPercent(report.unallocatedPercent)}
            </span>{' '}
            of the cost carries none of them
          </>
        }
      />
      <Kpi
        title="Cost judged"
        value={money(report.total)}
        testId="tags-total"
        caption={`Direct usage of ${report.month}, ${report.view.name}`}
      />
      <Kpi
        title="Mandatory tags"
        value={String(report.mandatoryTags.length)}
        caption={
          <Box
            display="flex"
            flexWrap="wrap"
            mt={0.5}
            style={{ gap: 4 }}
            data-testid="tags-mandatory"
          >
            {report.mandatoryTags.map(tag => (
              <Chip key={tag} size="small" label={tag} />
            ))}
          </Box>
        }
      />
    </>
  );
}

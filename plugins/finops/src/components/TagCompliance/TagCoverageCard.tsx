import { InfoCard } from '@backstage/core-components';
import {
  Box,
  LinearProgress,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';
import { formatMoney, FigureTable } from '../shared';
import { coverageOf, formatPercent } from './tagFormat';

/** Props of {@link TagCoverageCard}. */
export interface TagCoverageCardProps {
  report: TagComplianceReport;
}

/** The share of the month's cost carrying each mandatory tag. */
export function TagCoverageCard(props: TagCoverageCardProps) {
  const { report } = props;
  return (
    <InfoCard
      title="Coverage per tag"
      subheader="Share of the cost whose resource carries the tag with a value"
      noPadding
    >
      <FigureTable aria-label="Coverage per tag">
        <TableHead>
          <TableRow>
            <TableCell>Tag</TableCell>
            <TableCell style={{ width: '45%' }}>Share of cost</TableCell>
            <TableCell align="right">Tagged cost</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.mandatoryTags.map(tag => {
            const coverage = coverageOf(report.tags, tag);
            const percent = Number(coverage?.percent ?? 0);
            return (
              <TableRow key={tag}>
                <TableCell>{tag}</TableCell>
                <TableCell>
                  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                    <Box flexGrow={1}>
                      <LinearProgress
                        variant="determinate"
                        value={Math.min(100, Math.max(0, percent))}
                        aria-label={`${tag} coverage`}
                      />
                    </Box>
                    <Box minWidth={56} textAlign="right">
                      <span data-testid={`tags-coverage-${tag}`}>
                        {formatPercent(coverage?.percent)}
                      </span>
                    </Box>
                  </Box>
                </TableCell>
                <TableCell align="right">
                  {formatMoney(coverage?.taggedCost ?? '0', report.currency)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </FigureTable>
    </InfoCard>
  );
}

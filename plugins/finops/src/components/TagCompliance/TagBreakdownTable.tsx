import { InfoCard } from '@backstage/core-components';
import {
  Box,
  Button,
  ButtonGroup,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  TAG_COMPLIANCE_DIMENSIONS,
  TagComplianceDimension,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import { formatMoney, FigureTable, oneOf, useUrlParam } from '../shared';
import { coverageOf, formatPercent } from './tagFormat';

const DIMENSION_LABELS: Record<TagComplianceDimension, string> = {
  cloud: 'Cloud',
  account: 'Account',
  service: 'Service',
  region: 'Region',
};

/** Props of {@link TagBreakdownTable}. */
export interface TagBreakdownTableProps {
  report: TagComplianceReport;
}

/** Tag compliance by cloud, account, service or region: one row per slice, one column per tag. */
export function TagBreakdownTable(props: TagBreakdownTableProps) {
  const { report } = props;
  // `?by=account` in the URL: a reload or a shared link keeps the breakdown.
  const [by, setBy] = useUrlParam('by');
  const dimension = oneOf(by ?? null, TAG_COMPLIANCE_DIMENSIONS, 'cloud');
  const setDimension = (value: TagComplianceDimension) =>
    setBy(value === 'cloud' ? undefined : value);
  const slices = report.by[dimension] ?? [];
  const label = DIMENSION_LABELS[dimension];
  return (
    <InfoCard title="Breakdown" noPadding>
      <Box px={2} pb={1}>
        <ButtonGroup size="small" aria-label="Break down by">
          {TAG_COMPLIANCE_DIMENSIONS.map(key => (
            <Button
              key={key}
              aria-pressed={key === dimension}
              variant={key === dimension ? 'contained' : 'outlined'}
              color={key === dimension ? 'primary' : 'default'}
              onClick={() => setDimension(key)}
            >
              {DIMENSION_LABELS[key]}
            </Button>
          ))}
        </ButtonGroup>
      </Box>
      <Box overflow="auto">
        <FigureTable aria-label={`Compliance by ${dimension}`}>
          <TableHead>
            <TableRow>
              <TableCell>{label}</TableCell>
              <TableCell align="right">Cost</TableCell>
              <TableCell align="right">Compliant</TableCell>
              {report.mandatoryTags.map(tag => (
                <TableCell key={tag} align="right">
                  {tag}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {slices.map(slice => (
              <TableRow key={slice.key}>
                <TableCell title={slice.key}>{slice.label}</TableCell>
                <TableCell align="right">
                  {formatMoney(slice.cost, report.currency)}
                </TableCell>
                <TableCell align="right">
                  <strong>{formatPercent(slice.compliantPercent)}</strong>
                </TableCell>
                {report.mandatoryTags.map(tag => (
                  <TableCell key={tag} align="right">
                    {formatPercent(coverageOf(slice.tags, tag)?.percent)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {slices.length === 0 && (
              <TableRow>
                <TableCell colSpan={3 + report.mandatoryTags.length}>
                  <Typography color="textSecondary" variant="body2">
                    No cost by {dimension} in this month.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </FigureTable>
      </Box>
    </InfoCard>
  );
}

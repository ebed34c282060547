import { Grid, Typography } from '@material-ui/core';
import { TagComplianceReport } from '@finops-backstage/plugin-finops-common';
import { formatMoney } from '../shared';

/** Props of {@link TagComplianceSetApart}. */
export interface TagComplianceSetApartProps {
  report: TagComplianceReport;
}

const LABELS = { credit: 'Credits', refund: 'Refunds' } as const;

/**
 * What the shares leave out, on a line of its own: the month's credits and refunds (not judged,
 * so no share goes over 100 %), the net cost they make with the cost judged, and the part of the
 * unallocated cost that names no resource (tax, support, fees).
 */
export function TagComplianceSetApart(props: TagComplianceSetApartProps) {
  const { report } = props;
  const money = (amount: string) => formatMoney(amount, report.currency);
  const withoutResource = Number(report.withoutResourceCost) !== 0;
  if (report.setApart.length === 0 && !withoutResource) return null;
  return (
    <Grid item xs={12}>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="tags-set-apart"
      >
        {report.setApart.length > 0 && (
          <>
            Not judged:{' '}
            {report.setApart.map((line, i) => (
              <span key={line.kind} data-testid={`tags-set-apart-${line.kind}`}>
                {i > 0 && ', '}
                {LABELS[line.kind]} {money(line.cost)} ({line.lines}{' '}
                {line.lines === 1 ? 'line' : 'lines'})
              </span>
            ))}
            ; net cost of the month{' '}
            <span data-testid="tags-net-cost">{money(report.netCost)}</span>.{' '}
          </>
        )}
        {withoutResource && (
          <>
            Of the unallocated cost,{' '}
            <span data-testid="tags-without-resource">
              {money(report.withoutResourceCost)}
            </span>{' '}
            names no resource (tax, support, fees) and cannot carry tags.
          </>
        )}
      </Typography>
    </Grid>
  );
}

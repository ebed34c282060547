import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { CommitmentCoverageReport } from '@finops-backstage/plugin-finops-common';
import { formatMoney, formatQuantity } from '../shared';

const percent = (share?: string) =>
  share === undefined ? '—' : `${(Number(share) * 100).toFixed(1)} %`;

/**
 * Coverage per month, family and unit (quantities of different units are never added: a family
 * metered in hours and in requests has a row for each), utilisation and waste per commitment,
 * and the providers' figures.
 */
export function CoverageTable({
  report,
}: {
  report: CommitmentCoverageReport;
}) {
  const money = (amount: string) => formatMoney(amount, report.currency);
  return (
    <>
      <Table size="small" aria-label="Commitment coverage">
        <TableHead>
          <TableRow>
            <TableCell>Month</TableCell>
            <TableCell>Family</TableCell>
            <TableCell>Unit</TableCell>
            <TableCell align="right">Covered</TableCell>
            <TableCell align="right">On demand</TableCell>
            <TableCell align="right">Coverage</TableCell>
            <TableCell align="right">On-demand cost</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.coverage.map(c => (
            <TableRow
              key={`${c.month}|${c.familyKey}|${c.unit}`}
              data-testid={`coverage-${c.month}|${c.familyKey}|${c.unit}`}
            >
              <TableCell>{c.month}</TableCell>
              <TableCell>{c.familyName}</TableCell>
              <TableCell>{c.unit}</TableCell>
              <TableCell align="right">
                {formatQuantity(c.coveredQuantity, c.unit)}
              </TableCell>
              <TableCell align="right">
                {formatQuantity(c.onDemandQuantity, c.unit)}
              </TableCell>
              <TableCell align="right">{percent(c.coverage)}</TableCell>
              <TableCell align="right">{money(c.onDemandCost)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {report.utilisation.length > 0 && (
        <Table size="small" aria-label="Commitment utilisation">
          <TableHead>
            <TableRow>
              <TableCell>Month</TableCell>
              <TableCell>Commitment</TableCell>
              <TableCell align="right">Used</TableCell>
              <TableCell align="right">Unused</TableCell>
              <TableCell align="right">Utilisation</TableCell>
              <TableCell align="right">Charges</TableCell>
              <TableCell align="right">Waste</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {report.utilisation.map(u => (
              <TableRow key={`${u.month}|${u.commitmentKey}`}>
                <TableCell>{u.month}</TableCell>
                <TableCell>{u.name ?? u.commitmentKey}</TableCell>
                <TableCell align="right">
                  {formatQuantity(u.usedQuantity)}
                </TableCell>
                <TableCell align="right">
                  {formatQuantity(u.unusedQuantity)}
                </TableCell>
                <TableCell align="right">{percent(u.utilisation)}</TableCell>
                <TableCell align="right">{money(u.commitmentCost)}</TableCell>
                <TableCell align="right">{money(u.waste)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {report.provider.length > 0 && (
        <Table size="small" aria-label="Provider commitment figures">
          <TableHead>
            <TableRow>
              <TableCell>Source</TableCell>
              <TableCell>Figure</TableCell>
              <TableCell>Period</TableCell>
              <TableCell>Scope</TableCell>
              <TableCell>Values</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {report.provider.map((p, i) => (
              <TableRow key={i}>
                <TableCell>{p.sourceKey}</TableCell>
                <TableCell>
                  {p.commitmentType} {p.kind}
                </TableCell>
                <TableCell>
                  {p.periodStart} – {p.periodEnd}
                </TableCell>
                <TableCell>
                  {[p.account, p.service, p.region, p.instanceType]
                    .filter(Boolean)
                    .join(' ')}
                </TableCell>
                <TableCell>
                  {Object.entries(p.figures)
                    .map(([name, value]) => `${name} ${value}`)
                    .join(', ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

import { TableBody, TableCell, TableRow } from '@material-ui/core';
import { CommitmentCoverageReport } from '@finops-backstage/plugin-finops-common';
import {
  formatMoney,
  formatQuantity,
  TableHeadRow,
  FigureTable,
} from '../shared';

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
      <FigureTable aria-label="Commitment coverage">
        <TableHeadRow
          headings={[
            'Month',
            'Family',
            'Unit',
            { right: 'Covered' },
            { right: 'On demand' },
            { right: 'Coverage' },
            { right: 'On-demand cost' },
          ]}
        />
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
      </FigureTable>
      {report.utilisation.length > 0 && (
        <FigureTable aria-label="Commitment utilisation">
          <TableHeadRow
            headings={[
              'Month',
              'Commitment',
              { right: 'Used' },
              { right: 'Unused' },
              { right: 'Utilisation' },
              { right: 'Charges' },
              { right: 'Waste' },
            ]}
          />
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
        </FigureTable>
      )}
      {report.provider.length > 0 && (
        <FigureTable aria-label="Provider commitment figures">
          <TableHeadRow
            headings={['Source', 'Figure', 'Period', 'Scope', 'Values']}
          />
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
        </FigureTable>
      )}
    </>
  );
}

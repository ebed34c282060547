import { InfoCard } from '@backstage/core-components';
import { TableBody, TableCell, TableRow, Typography } from '@material-ui/core';
import { OverviewResponse } from '@finops-backstage/plugin-finops-common';
import {
  FigureTable,
  TableHeadRow,
  cloudLabel,
  formatMoney,
  formatShare,
  serviceLabel,
} from '../shared';
import { Tooltip } from '@material-ui/core';

/** Props of {@link TopServicesTable}. */
export interface TopServicesTableProps {
  overview: OverviewResponse;
}

/** The ten services that cost the most, with their cloud and share of the total. */
export function TopServicesTable(props: TopServicesTableProps) {
  const { overview } = props;
  const services = overview.topServices.slice(0, 10);
  return (
    <InfoCard title="Top 10 services">
      {services.length === 0 ? (
        <Typography color="textSecondary">No cost in this period.</Typography>
      ) : (
        <FigureTable aria-label="Top 10 services">
          <TableHeadRow
            headings={[
              '#',
              'Service',
              'Cloud',
              { right: 'Cost' },
              { right: 'Share' },
            ]}
          />
          <TableBody>
            {services.map((service, index) => (
              <TableRow key={`${service.provider}/${service.service}`}>
                <TableCell>{index + 1}</TableCell>
                <TableCell>
                  <Tooltip title={service.service}>
                    <span>{serviceLabel(service.service)}</span>
                  </Tooltip>
                </TableCell>
                <TableCell>{cloudLabel(service.provider)}</TableCell>
                <TableCell align="right">
                  {formatMoney(service.cost, overview.currency)}
                </TableCell>
                <TableCell align="right">
                  {formatShare(service.cost, overview.total)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </FigureTable>
      )}
    </InfoCard>
  );
}

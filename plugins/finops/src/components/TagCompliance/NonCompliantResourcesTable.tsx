import { InfoCard } from '@backstage/core-components';
import {
  Box,
  Chip,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  NonCompliantResource,
  TagComplianceReport,
} from '@finops-backstage/plugin-finops-common';
import { formatMoney, TableHeadRow, FigureTable } from '../shared';
import { cloudLabel } from '../shared';

/** Props of {@link NonCompliantResourcesTable}. */
export interface NonCompliantResourcesTableProps {
  report: TagComplianceReport;
}

function ResourceCell(props: { resource: NonCompliantResource }) {
  const { name, resourceKey } = props.resource;
  if (!name && !resourceKey) {
    return (
      <Typography variant="body2" color="textSecondary">
        <em>No resource</em>
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2">{name ?? resourceKey}</Typography>
      {name && resourceKey && name !== resourceKey && (
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ wordBreak: 'break-all' }}
        >
          {resourceKey}
        </Typography>
      )}
    </>
  );
}

/** Short cells (cloud, region, amount) stay on one line; the resource's long id wraps instead. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The resources missing at least one mandatory tag, costliest first, with what they miss. */
export function NonCompliantResourcesTable(
  props: NonCompliantResourcesTableProps,
) {
  const { report } = props;
  const { resources, resourceCount } = report;
  return (
    <InfoCard
      title="Non-compliant resources"
      subheader={
        <span data-testid="tags-resource-count">
          {resources.length} of {resourceCount} shown, costliest first
        </span>
      }
      noPadding
    >
      {resourceCount === 0 ? (
        <Box p={2}>
          <Typography color="textSecondary">
            Every resource carries every mandatory tag.
          </Typography>
        </Box>
      ) : (
        <Box overflow="auto">
          <FigureTable aria-label="Non-compliant resources">
            <TableHeadRow
              headings={[
                'Resource',
                'Cloud',
                'Account',
                'Service',
                'Region',
                { right: 'Cost' },
                'Missing tags',
              ]}
            />
            <TableBody>
              {resources.map((resource, index) => (
                <TableRow
                  key={`${resource.resourceKey ?? ''}|${resource.provider}|${
                    resource.accountKey ?? ''
                  }|${resource.service}|${resource.region ?? ''}|${index}`}
                >
                  <TableCell style={{ maxWidth: 360 }}>
                    <ResourceCell resource={resource} />
                  </TableCell>
                  <TableCell style={NO_WRAP}>
                    {cloudLabel(resource.provider)}
                  </TableCell>
                  <TableCell>{resource.accountKey ?? '–'}</TableCell>
                  <TableCell>{resource.service}</TableCell>
                  <TableCell style={NO_WRAP}>
                    {resource.region ?? '–'}
                  </TableCell>
                  <TableCell align="right" style={NO_WRAP}>
                    {formatMoney(resource.cost, report.currency)}
                  </TableCell>
                  <TableCell>
                    <Box
                      display="flex"
                      flexWrap="wrap"
                      style={{ gap: 4 }}
                      role="list"
                      aria-label="Missing tags"
                    >
                      {resource.missing.map(tag => (
                        <Chip
                          key={tag}
                          role="listitem"
                          size="small"
                          variant="outlined"
                          color="secondary"
                          label={tag}
                        />
                      ))}
                    </Box>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </FigureTable>
        </Box>
      )}
    </InfoCard>
  );
}

import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CatalogApi,
  EntityRefLink,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Button, ButtonGroup, Grid, Typography } from '@material-ui/core';
import {
  CostResponse,
  sumDecimals,
} from '@finops-backstage/plugin-finops-common';
import useAsync from 'react-use/esm/useAsync';
import {
  BarsChart,
  DataColumn,
  DataTable,
  moneyColumn,
  seriesColours,
  shareColumn,
  useUrlParam,
} from '../shared';
import { totalsByGroup } from './chartData';

/** One line of the breakdown: a component, or a team with the components it owns. */
interface BreakdownLine {
  key: string;
  label: string;
  cost: string;
  components: number;
}

/** The chart's bars: the largest lines. */
const CHART_LINES = 10;

/** The owner (a `group:…` ref) of each of these components in the catalog; unknown ones are left out. */
async function ownersOf(
  catalogApi: CatalogApi,
  componentRefs: string[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (componentRefs.length === 0) {
    return owners;
  }
  const { items } = await catalogApi.getEntitiesByRefs({
    entityRefs: componentRefs,
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
  });
  items.forEach((entity, index) => {
    const owner = entity?.spec?.owner;
    if (entity && typeof owner === 'string') {
      owners.set(
        componentRefs[index],
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata?.namespace,
          }),
        ),
      );
    }
  });
  return owners;
}

/** The owner look-ups of each catalog client by set of refs, the latest few kept. */
const ownerLookups = new WeakMap<
  CatalogApi,
  Map<string, Promise<Map<string, string>>>
>();
const OWNER_LOOKUPS_KEPT = 16;

/**
 * {@link ownersOf}, asked once per set of refs (whatever their order: a new period sorts the
 * components anew) and kept while the page lives; a failed look-up is asked again next time.
 */
function cachedOwnersOf(catalogApi: CatalogApi, componentRefs: string[]) {
  const refs = [...new Set(componentRefs)].sort();
  const key = refs.join(',');
  const lookups =
    ownerLookups.get(catalogApi) ??
    new Map<string, Promise<Map<string, string>>>();
  ownerLookups.set(catalogApi, lookups);
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = ownersOf(catalogApi, refs);
    lookup.catch(() => lookups.delete(key));
    lookups.set(key, lookup);
    for (const oldest of [...lookups.keys()].slice(0, -OWNER_LOOKUPS_KEPT)) {
      lookups.delete(oldest);
    }
  }
  return { key, lookup };
}

/** The owner of each component (`group:…` refs), from the catalog; unknown ones are left out. */
function useOwners(componentRefs: string[]) {
  const catalogApi = useApi(catalogApiRef);
  const { key, lookup } = cachedOwnersOf(catalogApi, componentRefs);
  // The refs are in `key`; `lookup` is the same promise for the same key.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsync(() => lookup, [catalogApi, key]);
}

/** The components' costs added up by owning team (exact decimal sums). */
function byTeam(
  components: BreakdownLine[],
  owners: Map<string, string>,
): BreakdownLine[] {
  const teams = new Map<string, BreakdownLine[]>();
  for (const component of components) {
    const owner = owners.get(component.key) ?? 'unowned';
    teams.set(owner, [...(teams.get(owner) ?? []), component]);
  }
  return [...teams]
    .map(([key, lines]) => ({
      key,
      label: key === 'unowned' ? 'No owner in the catalog' : key,
      cost: sumDecimals(lines.map(line => line.cost)),
      components: lines.length,
    }))
    .sort((a, b) => Number(b.cost) - Number(a.cost));
}

/** Props of {@link BreakdownCard}. */
export interface BreakdownCardProps {
  /** Costs by component and month. */
  costs: CostResponse;
  /** A group's breakdown can be split by the team that owns each component. */
  byTeams: boolean;
}

/**
 * What the components of a system or a group cost over the period: a chart of the largest and a
 * sortable, paged table; for a group, also by owning team.
 */
export function BreakdownCard(props: BreakdownCardProps) {
  const { costs, byTeams } = props;
  // `?split=team` in the URL: a reload or a shared link keeps the split.
  const [splitParam, setSplitParam] = useUrlParam('split');
  const split = splitParam === 'team' ? 'team' : 'component';
  const setSplit = (value: 'component' | 'team') =>
    setSplitParam(value === 'team' ? value : undefined);
  const components: BreakdownLine[] = totalsByGroup(costs.rows).map(
    component => ({ ...component, components: 1 }),
  );
  const owners = useOwners(
    byTeams ? components.map(component => component.key) : [],
  );
  const teamSplit = byTeams && split === 'team';
  const lines =
    teamSplit && owners.value ? byTeam(components, owners.value) : components;
  const colours = seriesColours(lines.map(line => line.key));

  const refLink = (line: BreakdownLine) =>
    line.key.includes(':') ? (
      <EntityRefLink
        entityRef={line.key}
        defaultKind={teamSplit ? 'group' : 'component'}
      />
    ) : (
      line.label
    );
  const columns: DataColumn<BreakdownLine>[] = [
    {
      id: 'name',
      title: teamSplit ? 'Team' : 'Component',
      sortValue: line => line.label,
      render: refLink,
    },
    ...(teamSplit
      ? [
          {
            id: 'components',
            title: 'Components',
            numeric: true,
            sortValue: (line: BreakdownLine) => line.components,
            render: (line: BreakdownLine) => line.components,
          },
        ]
      : []),
    moneyColumn<BreakdownLine>(
      'cost',
      'Cost',
      line => line.cost,
      costs.currency,
    ),
    shareColumn<BreakdownLine>(line => line.cost, costs.total),
  ];

  return (
    <InfoCard
      title={teamSplit ? 'By team' : 'By component'}
      subheader={`${lines.length} ${teamSplit ? 'team' : 'component'}${
        lines.length === 1 ? '' : 's'
      } over the period`}
      action={
        byTeams && (
          <ButtonGroup size="small" aria-label="Break down by">
            {(['component', 'team'] as const).map(choice => (
              <Button
                key={choice}
                color="primary"
                variant={choice === split ? 'contained' : 'outlined'}
                aria-pressed={choice === split}
                onClick={() => setSplit(choice)}
              >
                {choice === 'team' ? 'Team' : 'Component'}
              </Button>
            ))}
          </ButtonGroup>
        )
      }
    >
      {components.length === 0 ? (
        <Typography color="textSecondary">
          No component has a cost in this period.
        </Typography>
      ) : (
        <Grid container spacing={2}>
          <Grid item xs={12} lg={5}>
            <BarsChart
              horizontal
              currency={costs.currency}
              data={lines.slice(0, CHART_LINES).map(line => ({
                name: line.key.includes(':')
                  ? parseEntityRef(line.key).name
                  : line.label,
                cost: Number(line.cost),
                colour: colours.get(line.key),
              }))}
            />
          </Grid>
          <Grid item xs={12} lg={7}>
            <DataTable
              aria-label={teamSplit ? 'By team' : 'By component'}
              columns={columns}
              rows={lines}
              rowKey={line => line.key}
              initialSort={{ column: 'cost', direction: 'desc' }}
            />
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
}

import { Box, Tab, Tabs } from '@material-ui/core';
import { CostTab } from '../CostTab';
import { oneOf, useUrlParam } from '../shared';
import { EntityBudgetContent } from './EntityBudgetContent';
import { EntityChargebackContent } from './EntityChargebackContent';
import { EntityReservationsContent } from './EntityReservationsContent';

const SECTIONS = [
  { key: 'cost', title: 'Cost', Content: CostTab },
  { key: 'budget', title: 'Budget', Content: EntityBudgetContent },
  {
    key: 'reservations',
    title: 'Reservations',
    Content: EntityReservationsContent,
  },
  { key: 'chargeback', title: 'Chargeback', Content: EntityChargebackContent },
];

/**
 * The four tabs of costs (Cost, Budget, Reservations, Chargeback) as sections of one page, for a
 * legacy entity page that mounts a single Costs route.
 *
 * @deprecated Mount the four contents on their own routes; in the new frontend system they are
 * four entity contents of the `costs` group.
 */
export function EntityCostsContent() {
  // `?section=budget` in the URL: a reload or a shared link opens the same section.
  const [param, setParam] = useUrlParam('section');
  const section = oneOf(
    param ?? null,
    SECTIONS.map(({ key }) => key),
    'cost',
  );
  const setSection = (value: string) =>
    setParam(value === 'cost' ? undefined : value);
  const { Content } =
    SECTIONS.find(({ key }) => key === section) ?? SECTIONS[0];
  return (
    <>
      <Box mb={2}>
        <Tabs
          value={section}
          onChange={(_, value) => setSection(value)}
          indicatorColor="primary"
          aria-label="Cost sections"
        >
          {SECTIONS.map(({ key, title }) => (
            <Tab key={key} value={key} label={title} />
          ))}
        </Tabs>
      </Box>
      <Content />
    </>
  );
}

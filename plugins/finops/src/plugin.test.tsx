import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { finopsPlugin } from './plugin';

const entityOf = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('finopsPlugin on entity pages', () => {
  it.each([
    ['entity-content:finops/costs', '/costs', 'Cost'],
    ['entity-content:finops/budget', '/costs/budget', 'Budget'],
    [
      'entity-content:finops/reservations',
      '/costs/reservations',
      'Reservations',
    ],
    ['entity-content:finops/chargeback', '/costs/chargeback', 'Chargeback'],
  ] as const)(
    '%s is the %s tab "%s" of the costs group, on components, systems and groups',
    (id, path, title) => {
      const tester = createExtensionTester(finopsPlugin.getExtension(id));
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
      expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe('costs');
      const shown = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(
        ['Component', 'System', 'Group', 'API', 'Resource', 'User'].filter(
          kind => shown?.(entityOf(kind)),
        ),
      ).toEqual(['Component', 'System', 'Group']);
    },
  );

  it('adds an info card to the Overview of the same entities', () => {
    const tester = createExtensionTester(
      finopsPlugin.getExtension('entity-card:finops/costs'),
    );
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const shown = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(shown?.(entityOf('group'))).toBe(true);
    expect(shown?.(entityOf('User'))).toBe(false);
  });
});

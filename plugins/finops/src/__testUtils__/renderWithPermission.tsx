import { ReactElement } from 'react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SWRConfig } from 'swr';
import { FinopsApi, finopsApiRef } from '../api';

/**
 * Renders `element` in the test app with `api` as the FinOps API and a permission API that answers
 * `result` to every request; returns the permission API, so a test can check what was asked.
 */
export function renderWithPermission(
  element: ReactElement,
  api: Partial<FinopsApi>,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const permissionApi = { authorize: jest.fn(async () => ({ result })) };
  renderInTestApp(
    // usePermission caches decisions in SWR; a fresh cache per test keeps ALLOW and DENY apart.
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    {
      apis: [
        [finopsApiRef, api as FinopsApi],
        [permissionApiRef, permissionApi],
      ],
    },
  );
  return permissionApi;
}

/** {@link renderWithPermission} of one screen, as `renderWith(api, result = ALLOW)`. */
export function permissionRendererOf(element: ReactElement) {
  return (
    api: Partial<FinopsApi>,
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) => renderWithPermission(element, api, result);
}

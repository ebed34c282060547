import { ReactElement } from 'react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestAppOptions,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { DefaultBodyType, rest } from 'msw';
import { setupServer } from 'msw/node';
import { SWRConfig } from 'swr';
import { FinopsClient, finopsApiRef } from '../api';

// Tests of screens against HTTP answers shaped like the backend's, through the real FinopsClient.

/** Where the FinopsClient of these tests sends its requests (mockApis.discovery()). */
export const API = 'http://example.com/api/finops';

/** An MSW server for the test file, started and reset by Backstage's hooks. */
export function finopsServer(...handlers: Parameters<typeof setupServer>) {
  const server = setupServer(...handlers);
  registerMswTestHooks(server);
  return server;
}

/** A handler answering every GET of `path` (below {@link API}) with `body` as JSON. */
export function getJson(path: string, body: DefaultBodyType) {
  return rest.get(`${API}${path}`, (_req, res, ctx) => res(ctx.json(body)));
}

/** The real FinopsClient, calling {@link API} with the test app's fetch. */
export function httpFinopsClient() {
  return new FinopsClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });
}

/**
 * Renders `element` in the test app with the real FinopsClient and a permission API that answers
 * `result` to every request.
 */
export function renderOverHttp(
  element: ReactElement,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  options: Pick<TestAppOptions, 'mountedRoutes'> = {},
) {
  return renderInTestApp(
    // usePermission caches decisions in SWR; a fresh cache per test keeps ALLOW and DENY apart.
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    {
      ...options,
      apis: [
        [finopsApiRef, httpFinopsClient()],
        [permissionApiRef, mockApis.permission({ authorize: result })],
      ],
    },
  );
}

/** A promise that resolves when `answer` is called: holds a handler's answer back. */
export function heldAnswer() {
  let answer: () => void = () => {};
  const answered = new Promise<void>(resolve => {
    answer = resolve;
  });
  return { answered, answer };
}

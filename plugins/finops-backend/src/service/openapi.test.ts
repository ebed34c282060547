import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const document = parse(
  fs.readFileSync(path.resolve(__dirname, '../../openapi.yaml'), 'utf8'),
);

/** `METHOD /path` of every route the route files declare. */
function declaredRoutes(): string[] {
  const dir = path.resolve(__dirname, 'routes');
  const routes: string[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(
      /router\.(get|post|patch|put|delete)\(\s*'([^']+)'/g,
    )) {
      routes.push(
        `${match[1].toUpperCase()} ${match[2].replace(/:(\w+)/g, '{$1}')}`,
      );
    }
  }
  return routes.sort();
}

function documentedRoutes(): string[] {
  return Object.entries(
    document.paths as Record<string, Record<string, unknown>>,
  )
    .flatMap(([route, item]) =>
      Object.keys(item)
        .filter(method =>
          ['get', 'post', 'patch', 'put', 'delete'].includes(method),
        )
        .map(method => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.0 document served under /api/finops', () => {
    expect(document.openapi).toMatch(/^3\.0\./);
    expect(document.servers).toEqual([{ url: '/api/finops' }]);
  });

  it('documents exactly the routes the router declares', () => {
    expect(declaredRoutes().length).toBeGreaterThan(15);
    expect(documentedRoutes()).toEqual(declaredRoutes());
  });

  it('gives every operation a success and an error answer, and resolves every $ref', () => {
    for (const [route, item] of Object.entries(
      document.paths as Record<string, any>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const codes = Object.keys((operation as any).responses);
        expect({
          route,
          method,
          success: codes.some(c => c.startsWith('2')),
        }).toEqual({ route, method, success: true });
        expect({
          route,
          method,
          error: codes.some(c => ['400', '401', '500'].includes(c)),
        }).toEqual({ route, method, error: true });
      }
    }
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice(8, -1).replace(/^#\//, '').split('/');
      const target = pointer.reduce((node: any, key) => node?.[key], document);
      expect({ ref, resolved: target !== undefined }).toEqual({
        ref,
        resolved: true,
      });
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

const document = parse(
  fs.readFileSync(path.resolve(__dirname, '../../openapi.yaml'), 'utf8'),
);

type Operation = {
  responses?: Record<string, unknown>;
  security?: unknown[];
  parameters?: unknown[];
  'x-permission'?: string;
};

/** `METHOD /path` of every route that the route files declare, `:param` written `{param}`. */
function declaredRoutes(): string[] {
  const dir = path.resolve(__dirname, 'routes');
  const routes = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(
      /router\.(get|post|patch|put|delete)\(\s*['"`]([^'"`]+)['"`]/g,
    )) {
      routes.add(
        `${match[1].toUpperCase()} ${match[2].replace(/:(\w+)/g, '{$1}')}`,
      );
    }
  }
  return [...routes].sort();
}

/** Every operation of the document, with its path item. */
function operations(): Array<{
  route: string;
  method: string;
  item: Record<string, any>;
  operation: Operation;
}> {
  return Object.entries(
    (document.paths ?? {}) as Record<string, Record<string, any>>,
  ).flatMap(([route, item]) =>
    METHODS.filter(method => item[method]).map(method => ({
      route,
      method,
      item,
      operation: item[method] as Operation,
    })),
  );
}

/** Resolves a local JSON pointer (`#/a/b`), or undefined. */
function resolve(ref: string): any {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map(key => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (node: any, key) =>
        node !== null && typeof node === 'object' ? node[key] : undefined,
      document,
    );
}

/** Every `$ref` anywhere in the document. */
function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach(child => allRefs(child, found));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.0 document served under /api/finops', () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
    expect(document.info).toEqual(
      expect.objectContaining({
        title: expect.any(String),
        version: expect.any(String),
      }),
    );
    expect(document.servers).toEqual([{ url: '/api/finops' }]);
    expect(document.security).toEqual([{ backstageToken: [] }]);
    expect(document.components.securitySchemes.backstageToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('documents exactly the routes that the router files declare', () => {
    const declared = declaredRoutes();
    expect(declared.length).toBeGreaterThan(15);
    expect(
      operations()
        .map(({ route, method }) => `${method.toUpperCase()} ${route}`)
        .sort(),
    ).toEqual(declared);
  });

  it('needs credentials everywhere but GET /health', () => {
    const open = operations()
      .filter(({ operation }) => operation.security !== undefined)
      .map(({ route, method, operation }) => ({
        route,
        method,
        security: operation.security,
      }));
    expect(open).toEqual([{ route: '/health', method: 'get', security: [] }]);
  });

  it('gives every operation a success answer and an error answer', () => {
    for (const { route, method, operation } of operations()) {
      const codes = Object.keys(operation.responses ?? {});
      const isPublic = operation.security?.length === 0;
      expect({
        route,
        method,
        success: codes.some(code => /^2\d\d$/.test(code)),
        // A public operation without input (GET /health) cannot answer 400 or 401.
        error: isPublic
          ? codes.some(code => /^[45]\d\d$/.test(code))
          : codes.includes('401') || codes.includes('400'),
        unauthorized: isPublic || codes.includes('401'),
      }).toEqual({
        route,
        method,
        success: true,
        error: true,
        unauthorized: true,
      });
    }
  });

  it('names the permission of every write, which answers 403 without it', () => {
    for (const { route, method, operation } of operations()) {
      if (method === 'get') continue;
      expect({
        route,
        method,
        permission: operation['x-permission'],
        forbidden: Object.keys(operation.responses ?? {}).includes('403'),
      }).toEqual({
        route,
        method,
        permission: expect.stringMatching(/^finops\.\w+\.\w+$/),
        forbidden: true,
      });
    }
  });

  it('declares every path parameter', () => {
    for (const { route, method, item, operation } of operations()) {
      const declared = [
        ...(item.parameters ?? []),
        ...(operation.parameters ?? []),
      ]
        .map((parameter: any) =>
          parameter.$ref ? resolve(parameter.$ref) : parameter,
        )
        .filter(parameter => parameter?.in === 'path' && parameter.required)
        .map(parameter => parameter.name)
        .sort();
      const inPath = [...route.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort();
      expect({ route, method, parameters: declared }).toEqual({
        route,
        method,
        parameters: inPath,
      });
    }
  });

  it('resolves every $ref inside the document', () => {
    const refs = allRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect({ ref, resolved: resolve(ref) !== undefined }).toEqual({
        ref,
        resolved: true,
      });
    }
  });
});

import {
  CostManagementClient,
  QueryDefinition,
  QueryUsageOptionalParams,
} from '@azure/arm-costmanagement';

/** core-client's types, reached through the SDK (this package depends on the SDK only). */
type OperationSpec = Parameters<
  CostManagementClient['sendOperationRequest']
>[1];
type FullOperationResponse = Parameters<
  NonNullable<QueryUsageOptionalParams['onResponse']>
>[0];

/** What core-client's RestError carries that the retries need. */
interface RestErrorLike {
  name: 'RestError';
  message: string;
  code?: string;
  statusCode?: number;
  response?: {
    bodyAsText?: string | null;
    headers: { get(name: string): string | undefined };
  };
}

function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

/**
 * The body of a next-page request is already in wire form, so the serializer passes values
 * through (the SDK's own serializer would do the same for an `Object` mapper).
 */
const passThroughSerializer: OperationSpec['serializer'] = {
  modelMappers: {},
  isXML: false,
  validateConstraints: () => {},
  serialize: (_mapper, object) => object,
  deserialize: (_mapper, object) => object,
};

/** How a query retries when Azure throttles it (429) or fails on its side (5xx, network). */
export interface QueryRetryPolicy {
  /** Tries in all, the first one included. */
  maxAttempts: number;
  /** First back-off when Azure says nothing about how long to wait; doubled at each try. */
  baseDelayMs: number;
}

/** One query of the Cost Management Query API, read through every page. */
export interface CostManagementQuery {
  client: CostManagementClient;
  scope: string;
  definition: QueryDefinition;
  retry: QueryRetryPolicy;
  signal?: AbortSignal;
  /** What the query is, for error messages: e.g. `ActualCost daily 2026-11 of /subscriptions/…`. */
  description: string;
}

/** A page of a query result. Numbers are kept as the exact text Azure sent, never as floats. */
export interface QueryResultPage {
  columns: Array<{ name: string; type?: string }>;
  rows: Array<Array<string | null>>;
}

/**
 * The headers by which Cost Management says how long to wait after a 429, in seconds. When
 * several are present the longest wait is honoured, since every limit they report must clear.
 */
export const RETRY_AFTER_HEADERS = [
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after',
  'retry-after',
];

/**
 * The page after the first: a POST of the same body to the `nextLink` Azure returned, which
 * carries the api-version and the skip token. The SDK has no operation for it, so it is sent
 * through the same client (same pipeline: credential, TLS, request counting).
 */
const nextPageSpec: OperationSpec = {
  path: '{nextLink}',
  httpMethod: 'POST',
  responses: { 200: {}, 204: {}, default: {} },
  requestBody: {
    parameterPath: 'body',
    mapper: {
      serializedName: 'body',
      required: true,
      type: { name: 'Object' },
    },
  },
  urlParameters: [
    {
      parameterPath: 'nextLink',
      mapper: {
        serializedName: 'nextLink',
        required: true,
        type: { name: 'String' },
      },
      skipEncoding: true,
    },
  ],
  headerParameters: [
    {
      parameterPath: 'contentType',
      mapper: {
        defaultValue: 'application/json',
        isConstant: true,
        serializedName: 'Content-Type',
        type: { name: 'String' },
      },
    },
  ],
  mediaType: 'json',
  serializer: passThroughSerializer,
};

/** The query body as it travels on the wire (what the SDK's serializer makes of a QueryDefinition). */
function wireBody(definition: QueryDefinition): Record<string, unknown> {
  const { timePeriod, ...rest } = definition;
  return {
    ...rest,
    ...(timePeriod
      ? {
          timePeriod: {
            from: timePeriod.from.toISOString(),
            to: timePeriod.to.toISOString(),
          },
        }
      : {}),
  };
}

/**
 * Parses a JSON response keeping every number as the exact text Azure sent (JSON.parse's
 * reviver sees the source text of each number), so `0.1234567890123456789` stays exact.
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, function reviver(
    this: unknown,
    _key: string,
    value: unknown,
    context?: { source?: string },
  ) {
    if (typeof value === 'number') {
      // Runtimes without source access (before Node 21) fall back to the float's shortest text.
      return context?.source ?? String(value);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

function pageOf(text: string | undefined): {
  page: QueryResultPage;
  nextLink?: string;
} {
  if (!text) {
    // 204 No Content: nothing for this query.
    return { page: { columns: [], rows: [] } };
  }
  const body = parseExactJson(text) as {
    properties?: {
      nextLink?: string | null;
      columns?: Array<{ name: string; type?: string }>;
      rows?: Array<Array<string | null>>;
    };
  };
  const properties = body?.properties ?? {};
  return {
    page: { columns: properties.columns ?? [], rows: properties.rows ?? [] },
    nextLink: properties.nextLink || undefined,
  };
}

function secondsFrom(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date)
    ? undefined
    : Math.max(0, (date - Date.now()) / 1000);
}

/** How long Azure asked to wait, in milliseconds, or undefined when it did not say. */
export function retryAfterMs(headers: {
  get(name: string): string | undefined;
}): number | undefined {
  let waitSeconds: number | undefined;
  for (const name of RETRY_AFTER_HEADERS) {
    const value = headers.get(name);
    const seconds = value === undefined ? undefined : secondsFrom(value);
    if (seconds !== undefined) {
      waitSeconds = Math.max(waitSeconds ?? 0, seconds);
    }
  }
  return waitSeconds === undefined ? undefined : Math.ceil(waitSeconds * 1000);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error code and message of an Azure error body, `{ error: { code, message } }`. */
function azureError(text: string | undefined): string | undefined {
  if (!text) {
    return undefined;
  }
  try {
    const { error } = JSON.parse(text) as {
      error?: { code?: string; message?: string };
    };
    return error
      ? `${error.code ?? 'error'}: ${error.message ?? ''}`.trim()
      : undefined;
  } catch {
    return text.slice(0, 300);
  }
}

/**
 * Sends one page request, retrying a 429 after the wait Azure's headers ask for (or a doubling
 * back-off when they say nothing), and a 5xx or network failure after a doubling back-off, up to
 * `maxAttempts` tries. Any other answer (400, 401, 403, 404…) fails at once.
 */
async function sendWithRetries(
  query: CostManagementQuery,
  send: (onResponse: (raw: FullOperationResponse) => void) => Promise<unknown>,
): Promise<string | undefined> {
  const { retry, signal, description } = query;
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    let text: string | undefined;
    try {
      await send(raw => {
        text = raw.bodyAsText ?? undefined;
      });
      return text;
    } catch (error) {
      if (signal?.aborted) {
        throw signal.reason;
      }
      if (!isRestError(error)) {
        throw error;
      }
      const status = error.statusCode;
      const detail =
        azureError(error.response?.bodyAsText ?? undefined) ?? error.message;
      const answer = status
        ? `HTTP ${status} (${detail})`
        : `${error.code ?? 'network error'} (${error.message})`;
      const retriable = status === undefined || status === 429 || status >= 500;
      if (!retriable) {
        throw new Error(
          `Azure Cost Management query ${description} failed: ${answer}`,
        );
      }
      if (attempt >= retry.maxAttempts) {
        throw new Error(
          `Azure Cost Management query ${description} gave up after ${attempt} attempt(s): last answer ${answer}`,
        );
      }
      const asked = error.response
        ? retryAfterMs(error.response.headers)
        : undefined;
      await sleep(asked ?? retry.baseDelayMs * 2 ** (attempt - 1), signal);
    }
  }
}

/**
 * Runs a query and yields every page, following `nextLink` until Azure gives none. The client
 * must be built with the SDK's own retries off (`retryOptions.maxRetries: 0`): the retries here
 * honour Cost Management's QPU headers, which the SDK's throttling policy does not read.
 */
export async function* queryAllPages(
  query: CostManagementQuery,
): AsyncGenerator<QueryResultPage> {
  const { client, scope, definition, signal } = query;
  let text = await sendWithRetries(query, onResponse =>
    client.query.usage(scope, definition, { abortSignal: signal, onResponse }),
  );
  for (;;) {
    const { page, nextLink } = pageOf(text);
    yield page;
    if (!nextLink) {
      return;
    }
    text = await sendWithRetries(query, onResponse =>
      client.sendOperationRequest(
        {
          nextLink,
          body: wireBody(definition),
          options: { abortSignal: signal, onResponse },
        },
        nextPageSpec,
      ),
    );
  }
}

import {
  CostExplorerClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-cost-explorer';
import { pagesOf } from './pagesOf';

/**
 * Sends one request through the source's retries, counting every try; may answer undefined for
 * "no data" (which ends the pages).
 */
export type Send = <T>(
  operation: string,
  call: (abortSignal?: AbortSignal) => Promise<T>,
) => Promise<T | undefined>;

/** The Cost Explorer client and how a request of one month's reading is sent. */
export interface CostExplorerCalls {
  client: CostExplorerClient;
  send: Send;
}

// A declaration only (nothing at run time): its `send` names the type of a command.
declare const client: CostExplorerClient;

/** A command of the Cost Explorer client, e.g. a `GetCostAndUsageCommand`, typed by its input and output. */
type CostExplorerCommand<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
> = Parameters<typeof client.send<Input, Output>>[0];

/**
 * Every page of a paged Cost Explorer operation: `command` builds the request of a page from its
 * token (undefined for the first), `nextToken` reads the next token of an answer
 * (`NextPageToken` by default).
 */
export function commandPages<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
>(
  calls: CostExplorerCalls,
  operation: string,
  command: (token: string | undefined) => CostExplorerCommand<Input, Output>,
  nextToken: (page: Output) => string | undefined = page =>
    (page as { NextPageToken?: string }).NextPageToken,
): AsyncGenerator<Output> {
  return pagesOf(
    token =>
      calls.send(operation, abortSignal =>
        calls.client.send(command(token), { abortSignal }),
      ),
    nextToken,
  );
}

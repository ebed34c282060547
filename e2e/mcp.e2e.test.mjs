// The FinOps actions through the app's MCP endpoint (@backstage/plugin-mcp-actions-backend), as an
// AI assistant reaches them: an MCP client with the guest's Backstage token lists the FinOps tools
// and calls them; their figures are those of the REST routes. No browser needed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  BACKEND_URL,
  apiGet,
  cents,
  guestToken,
  monthOffset,
  waitForDemoData,
} from './support.mjs';

const MCP_URL = new URL(`${BACKEND_URL}/api/mcp-actions/v1`);
let client;

before(async () => {
  await waitForDemoData();
  client = new Client({ name: 'finops-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(MCP_URL, {
      requestInit: {
        headers: { Authorization: `Bearer ${await guestToken()}` },
      },
    }),
  );
});

after(async () => {
  await client?.close();
});

/** A tool's structured answer; fails with the tool's error text. */
async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.ok(!result.isError, result.content?.[0]?.text);
  return result.structuredContent;
}

test('the MCP endpoint refuses a client without a token', async () => {
  const response = await fetch(MCP_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: {},
    }),
  });
  assert.equal(response.status, 401);
});

test('the guest lists the four FinOps tools, read only', async () => {
  const { tools } = await client.listTools();
  const finops = tools.filter(tool => tool.name.startsWith('finops.'));
  assert.deepEqual(finops.map(tool => tool.name).sort(), [
    'finops.explain-cost-change',
    'finops.get-budget-status',
    'finops.get-entity-costs',
    'finops.simulate-price-change',
  ]);
  for (const tool of finops) {
    assert.equal(tool.annotations.readOnlyHint, true, tool.name);
    assert.equal(tool.inputSchema.type, 'object', tool.name);
  }
});

test("get-entity-costs and explain-cost-change give the Costs tab's figures", async () => {
  const entityRef = 'component:default/cart-service';
  const [from, to] = [monthOffset(-3), monthOffset(-1)];
  const costs = await call('finops.get-entity-costs', { entityRef, from, to });
  const route = await apiGet('/costs', { entityRef, from, to });
  assert.equal(costs.total, route.total);
  assert.ok(cents(costs.total) > 0n);
  assert.equal(
    costs.months.reduce((sum, month) => sum + cents(month.total), 0n),
    cents(route.total),
  );

  const change = await call('finops.explain-cost-change', { entityRef });
  const compared = (
    await apiGet('/costs', {
      entityRef,
      from: monthOffset(-1),
      to: monthOffset(-1),
      compareTo: 'previous',
    })
  ).comparison;
  assert.equal(change.difference, compared.difference);
  assert.deepEqual(change.increases, compared.movers.increases);
  assert.deepEqual(change.decreases, compared.movers.decreases);
});

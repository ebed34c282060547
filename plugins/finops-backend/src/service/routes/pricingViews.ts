import {
  finopsPricingViewCreatePermission,
  finopsPricingViewDeletePermission,
  finopsPricingViewUpdatePermission,
  listLimitSchema,
  pageSchema,
  pricingRuleInputSchema,
  pricingRuleTargetsQuerySchema,
  pricingViewCopySchema,
  pricingViewCreateSchema,
  pricingViewUpdateSchema,
  rulesImportQuerySchema,
  viewKeySchema,
} from '@finops-backstage/plugin-finops-common';
import { InputError } from '@backstage/errors';
import { parse } from 'csv-parse/sync';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RouterOptions } from '../RouterOptions';
import { parseId, parseInput, truncateEcho } from '../validation';
import { requirePermission, writeAction } from '../writeAction';

const MAX_RULES = 10_000;

/** Rules from a JSON array or a CSV (header product,family,domain,unitPrice,multiplier,validFrom,validTo). */
function readRules(req: express.Request) {
  let items: unknown[];
  if (req.is('text/csv')) {
    if (typeof req.body !== 'string')
      throw new InputError('body: expected CSV text');
    try {
      items = parse(req.body, {
        columns: true,
        skip_empty_lines: true,
        trim: true,
        bom: true,
      }).map((record: Record<string, string>) =>
        Object.fromEntries(
          Object.entries(record).filter(([, value]) => value !== ''),
        ),
      );
    } catch (error) {
      throw new InputError(
        `body: not a valid CSV: ${truncateEcho((error as Error).message)}`,
      );
    }
  } else {
    items = parseInput(z.array(z.unknown()).min(1), req.body, 'body');
  }
  if (items.length === 0) throw new InputError('body: no rules');
  if (items.length > MAX_RULES)
    throw new InputError(
      `body: ${items.length} rules; at most ${MAX_RULES} at once`,
    );
  return items.map((item, index) => {
    const result = pricingRuleInputSchema.safeParse(item);
    return result.success
      ? { index, rule: result.data }
      : {
          index,
          error: result.error.issues
            .map(i =>
              i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message,
            )
            .join('; '),
        };
  });
}

/** Reasons may quote a cell of the input: never echoed whole. */
function echoSafe(rejected: Array<{ index: number; reason: string }>) {
  return rejected.map(({ index, reason }) => ({
    index,
    reason: truncateEcho(reason),
  }));
}

/**
 * Pricing views: list, read, create, copy, update, delete, rules in bulk (with a dry run), what
 * rules can target, audit trail.
 */
export function pricingViewRoutes(options: RouterOptions) {
  const { pricing } = options;
  const router = Router();
  const keyOf = (req: express.Request) =>
    parseInput(viewKeySchema, req.params.key, 'view key');

  router.get('/pricing-views', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    res.json({ items: await pricing.listViews(limit) });
  });

  router.get('/pricing-views/:key', async (req, res) => {
    const { limit, offset } = parseInput(pageSchema, req.query, 'query');
    const { id, view } = await pricing.resolveView(keyOf(req));
    res.json({ ...view, rules: await pricing.listRules(id, limit, offset) });
  });

  router.get('/pricing-views/:key/audit', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    const { view } = await pricing.resolveView(keyOf(req));
    res.json({
      items: await pricing.listAudit(view.key, limit),
    });
  });

  router.post('/pricing-views', async (req, res) => {
    const input = parseInput(pricingViewCreateSchema, req.body, 'body');
    const view = await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewCreatePermission,
        eventId: 'pricing-view-create',
        meta: { key: input.key },
      },
      actor => pricing.createView(input, actor),
    );
    res.status(201).json(view);
  });

  router.post('/pricing-views/:key/copy', async (req, res) => {
    const from = keyOf(req);
    const input = parseInput(pricingViewCopySchema, req.body, 'body');
    const view = await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewCreatePermission,
        eventId: 'pricing-view-copy',
        meta: { from, key: input.key },
      },
      actor => pricing.copyView(from, input, actor),
    );
    res.status(201).json(view);
  });

  router.patch('/pricing-views/:key', async (req, res) => {
    const key = keyOf(req);
    const update = parseInput(pricingViewUpdateSchema, req.body, 'body');
    const view = await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewUpdatePermission,
        eventId: 'pricing-view-update',
        meta: { key },
      },
      actor => pricing.updateView(key, update, actor),
    );
    res.json(view);
  });

  router.delete('/pricing-views/:key', async (req, res) => {
    const key = keyOf(req);
    await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewDeletePermission,
        eventId: 'pricing-view-delete',
        meta: { key },
      },
      actor => pricing.deleteView(key, actor),
    );
    res.status(204).end();
  });

  router.get('/pricing-targets', async (req, res) => {
    const query = parseInput(pricingRuleTargetsQuerySchema, req.query, 'query');
    res.json({ items: await pricing.listRuleTargets(query) });
  });

  router.post(
    '/pricing-views/:key/rules',
    express.text({ type: 'text/csv', limit: '10mb' }),
    async (req, res) => {
      const key = keyOf(req);
      const { dryRun } = parseInput(rulesImportQuerySchema, req.query, 'query');
      const rules = readRules(req);
      if (dryRun === 'true') {
        // What the import would do, for its preview: the same checks, no write, no audit.
        await requirePermission(
          options,
          req,
          finopsPricingViewUpdatePermission,
        );
        const check = await pricing.checkRules(key, rules);
        res.json({
          dryRun: true,
          added: 0,
          valid: check.rejected.length > 0 ? 0 : check.valid,
          rejected: echoSafe(check.rejected),
        });
        return;
      }
      const report = await writeAction(
        options,
        req,
        {
          permission: finopsPricingViewUpdatePermission,
          eventId: 'pricing-view-rules-add',
          meta: { key, rules: rules.length },
        },
        actor => pricing.addRules(key, rules, actor),
      );
      res.status(report.added > 0 ? 201 : 422).json({
        ...report,
        rejected: echoSafe(report.rejected),
      });
    },
  );

  router.delete('/pricing-views/:key/rules/:ruleId', async (req, res) => {
    const key = keyOf(req);
    const ruleId = String(parseId(req.params.ruleId, 'rule id'));
    await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewUpdatePermission,
        eventId: 'pricing-rule-delete',
        meta: { key, ruleId },
      },
      actor => pricing.deleteRule(key, ruleId, actor),
    );
    res.status(204).end();
  });

  return router;
}

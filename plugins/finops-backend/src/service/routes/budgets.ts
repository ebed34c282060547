import { InputError } from '@backstage/errors';
import {
  DEFAULT_BUDGET_THRESHOLDS,
  budgetCreateSchema,
  budgetListQuerySchema,
  budgetStatusQuerySchema,
  budgetUpdateSchema,
  finopsBudgetCreatePermission,
  finopsBudgetDeletePermission,
  finopsBudgetUpdatePermission,
  listLimitSchema,
} from '@finops-backstage/plugin-finops-common';
import express from 'express';
import Router from 'express-promise-router';
import { budgetWriteAction } from '../../budgets/authorizeBudgetWrite';
import { budgetStatus } from '../../budgets/budgetStatus';
import { publicBudget } from '../../budgets/publicBudget';
import { normalizeEntityRef, readScopeOwner } from '../../budgets/scopeOwner';
import { RouterOptions } from '../RouterOptions';
import { parseId, parseInput } from '../validation';

/** Budgets: list, read, create, update, delete (soft), status, alerts, audit trail. */
export function budgetRoutes(options: RouterOptions) {
  const { budgets, pricing, httpAuth, catalog } = options;
  const router = Router();
  const today = () =>
    (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const idOf = (req: express.Request) =>
    String(parseId(req.params.id, 'budget id'));
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/budgets', async (req, res) => {
    const query = parseInput(budgetListQuerySchema, req.query, 'query');
    const items = await budgets.list({
      scopeRef: query.entityRef,
      limit: query.limit,
      offset: query.offset,
    });
    if (query.status === 'false') {
      res.json({ items: items.map(publicBudget) });
      return;
    }
    const credentials = await credentialsOf(req);
    const day = today();
    const withStatus = [];
    for (const budget of items) {
      // One budget that cannot be evaluated is reported as such; the list still answers.
      try {
        withStatus.push({
          ...publicBudget(budget),
          status: await budgetStatus(options, budget, day, credentials),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.logger.warn(`Budget ${budget.id} not evaluated: ${message}`);
        withStatus.push({
          ...publicBudget(budget),
          status: null,
          statusError: message.slice(0, 500),
        });
      }
    }
    res.json({ items: withStatus });
  });

  router.get('/budgets/:id', async (req, res) => {
    res.json(publicBudget(await budgets.get(idOf(req))));
  });

  router.get('/budgets/:id/status', async (req, res) => {
    const { at } = parseInput(budgetStatusQuerySchema, req.query, 'query');
    const budget = await budgets.get(idOf(req));
    res.json(
      await budgetStatus(
        options,
        budget,
        at ?? today(),
        await credentialsOf(req),
      ),
    );
  });

  router.get('/budgets/:id/alerts', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    const budget = await budgets.get(idOf(req));
    res.json({ items: await budgets.listAlerts(budget.id, limit) });
  });

  router.get('/budgets/:id/audit', async (req, res) => {
    const { limit } = parseInput(listLimitSchema, req.query, 'query');
    const budget = await budgets.get(idOf(req));
    res.json({ items: await budgets.listAudit(budget.id, limit) });
  });

  router.post('/budgets', async (req, res) => {
    const parsed = parseInput(budgetCreateSchema, req.body, 'body');
    // The catalog's spelling of the ref, for the owner, the permission and the store alike.
    const input =
      parsed.scopeType === 'entity'
        ? { ...parsed, scopeRef: normalizeEntityRef(parsed.scopeRef!) }
        : parsed;
    const credentials = await credentialsOf(req);
    const { id: viewId, view } = await pricing.resolveView(input.view);
    if (input.currency && input.currency !== view.currency) {
      throw new InputError(
        `currency: the '${view.key}' view is in ${view.currency}, not ${input.currency}`,
      );
    }
    if (input.scopeType === 'domain') {
      const domains = await options.domains.listDomains();
      if (!domains.some(domain => domain.key === input.scopeRef)) {
        throw new InputError(`scopeRef: no domain '${input.scopeRef}'`);
      }
    }
    const ownerRef =
      input.scopeType === 'entity'
        ? await readScopeOwner(catalog, input.scopeRef!, credentials)
        : undefined;
    const budget = await budgetWriteAction(
      options,
      req,
      {
        permission: finopsBudgetCreatePermission,
        eventId: 'budget-create',
        meta: { scopeType: input.scopeType, scopeRef: input.scopeRef ?? null },
        resources: [{ ...input, ownerRef }],
      },
      actor =>
        budgets.create(
          {
            ...input,
            ownerRef,
            currency: view.currency,
            viewId,
            thresholds: input.thresholds ?? DEFAULT_BUDGET_THRESHOLDS,
          },
          actor,
        ),
    );
    res.status(201).json(publicBudget(budget));
  });

  router.patch('/budgets/:id', async (req, res) => {
    const id = idOf(req);
    const update = parseInput(budgetUpdateSchema, req.body, 'body');
    const before = await budgets.get(id);
    let viewChange = {};
    if (update.view !== undefined) {
      const { id: viewId, view } = await pricing.resolveView(update.view);
      viewChange = { viewId, currency: view.currency };
    }
    const budget = await budgetWriteAction(
      options,
      req,
      {
        permission: finopsBudgetUpdatePermission,
        eventId: 'budget-update',
        meta: { id },
        resources: [before],
      },
      actor => budgets.update(id, { ...update, ...viewChange }, actor),
    );
    res.json(publicBudget(budget));
  });

  router.delete('/budgets/:id', async (req, res) => {
    const id = idOf(req);
    const before = await budgets.get(id);
    await budgetWriteAction(
      options,
      req,
      {
        permission: finopsBudgetDeletePermission,
        eventId: 'budget-delete',
        meta: { id },
        resources: [before],
      },
      actor => budgets.delete(id, actor),
    );
    res.status(204).end();
  });

  return router;
}

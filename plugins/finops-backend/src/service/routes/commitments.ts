import { InputError, NotFoundError } from '@backstage/errors';
import {
  CommitmentCoverageReport,
  CommitmentRecommendationsReport,
  CommitmentWhatIf,
  checkMonthRange,
  commitmentCoverageQuerySchema,
  commitmentRateViewKey,
  commitmentRecommendationsQuerySchema,
  commitmentWhatIfSchema,
  finopsPricingViewCreatePermission,
} from '@finops-backstage/plugin-finops-common';
import Decimal from 'decimal.js';
import express from 'express';
import Router from 'express-promise-router';
import { OPTIONS } from '../../commitments/commitmentOptions';
import { RouterOptions } from '../RouterOptions';
import { addDays } from '../../forecast/dailySeries';
import { parseInput } from '../validation';
import { writeAction } from '../writeAction';

/** The month of the first of `days` days that end on `day`. */
function monthsBefore(day: string, days: number): string {
  return addDays(day, 1 - days).slice(0, 7);
}

/** Reservations and savings plans: coverage, utilisation, recommendations and their what-if view. */
export function commitmentRoutes(options: RouterOptions) {
  const { commitments, costs, pricing, httpAuth } = options;
  const router = Router();
  const appsOf = async (req: express.Request, entityRef?: string) =>
    entityRef
      ? costs.applicationsOf(
          entityRef,
          await httpAuth.credentials(req, { allow: ['user', 'service'] }),
        )
      : undefined;

  // The rate views are created by the batch (see `ensureRateViews`), never by a GET: an option
  // whose view is missing (or deleted by an admin) is listed without a rate.
  const rateViewIds = async () => {
    const ids = new Map<string, number>();
    for (const option of OPTIONS) {
      try {
        ids.set(
          option.rateView,
          (await pricing.resolveView(option.rateView)).id,
        );
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return ids;
  };

  const recommend = async (
    req: express.Request,
    query: { view: string; lookbackDays: number; entityRef?: string },
  ) => {
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const applicationIds = await appsOf(req, query.entityRef);
    const result = await commitments.recommendations({
      viewId,
      lookbackDays: query.lookbackDays,
      today: (options.now?.() ?? new Date()).toISOString().slice(0, 10),
      applicationIds,
      rateViewIds: await rateViewIds(),
    });
    return { view, viewId, ...result };
  };

  router.get('/commitments/coverage', async (req, res) => {
    const query = parseInput(
      // The range check every from/to query has (reversed, over 5 years).
      commitmentCoverageQuerySchema.superRefine(checkMonthRange),
      req.query,
      'query',
    );
    const { id: viewId, view } = await pricing.resolveView(query.view);
    const applicationIds = await appsOf(req, query.entityRef);
    const range = { from: query.from, to: query.to, viewId };
    const utilisation = await commitments.utilisation(range);
    const report: CommitmentCoverageReport = {
      from: query.from,
      to: query.to,
      view: view.key,
      currency: view.currency,
      ...(query.entityRef ? { entityRef: query.entityRef } : {}),
      coverage: await commitments.coverage({ ...range, applicationIds }),
      utilisation,
      totalWaste: utilisation
        .reduce((sum, u) => sum.plus(u.waste), new Decimal(0))
        .toFixed(2),
      provider: await commitments.providerFigures({
        from: query.from,
        to: query.to,
        kinds: ['coverage', 'utilization'],
      }),
    };
    res.json(report);
  });

  router.get('/commitments/recommendations', async (req, res) => {
    const query = parseInput(
      commitmentRecommendationsQuerySchema,
      req.query,
      'query',
    );
    const result = await recommend(req, query);
    const total = result.recommendations.reduce((sum, r) => {
      const best = r.options.find(
        o =>
          o.term === r.best?.term && o.paymentOption === r.best?.paymentOption,
      );
      return sum.plus(best?.annualSavings ?? 0);
    }, new Decimal(0));
    const report: CommitmentRecommendationsReport = {
      view: result.view.key,
      currency: result.view.currency,
      lookbackDays: query.lookbackDays,
      until: result.until,
      ...(query.entityRef ? { entityRef: query.entityRef } : {}),
      recommendations: result.recommendations,
      estimatedAnnualSavings: total.toFixed(2),
      provider: result.until
        ? await commitments.providerFigures({
            from: monthsBefore(result.until, query.lookbackDays),
            to: result.until.slice(0, 7),
            kinds: ['recommendation'],
          })
        : [],
    };
    res.json(report);
  });

  router.post('/commitments/what-if', async (req, res) => {
    const input = parseInput(commitmentWhatIfSchema, req.body, 'body');
    const result = await recommend(req, input);
    const recommendation = result.recommendations.find(
      r => r.productKey === input.productKey,
    );
    const option = recommendation?.options.find(
      o => o.term === input.term && o.paymentOption === input.paymentOption,
    );
    if (!recommendation || !option?.rate) {
      throw new InputError(
        `productKey: no ${input.term} ${input.paymentOption} recommendation for '${input.productKey}' over the last ${input.lookbackDays} days`,
      );
    }
    // The committed rate on the covered share of the product's usage, the parent's price on the rest.
    const covered = new Decimal(recommendation.commitment).times(24);
    const share = Decimal.min(1, covered.dividedBy(recommendation.meanDaily));
    const multiplier = new Decimal(1)
      .minus(
        share.times(
          new Decimal(1).minus(
            new Decimal(option.rate).dividedBy(recommendation.onDemandRate),
          ),
        ),
      )
      .toDecimalPlaces(10);
    const validFrom = monthsBefore(result.until!, input.lookbackDays);
    const slug = (recommendation.instanceType ?? recommendation.productName)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30);
    const key =
      input.key ??
      `what-if-${commitmentRateViewKey(
        input.term,
        input.paymentOption,
      )}-${slug}`.slice(0, 63);
    const created = await writeAction(
      options,
      req,
      {
        permission: finopsPricingViewCreatePermission,
        eventId: 'pricing-view-create',
        meta: {
          key,
          from: 'commitment-recommendation',
          productKey: input.productKey,
        },
      },
      async actorRef => {
        return pricing.createViewWithRules(
          {
            key,
            name: `What if: ${input.term} ${input.paymentOption.replace(
              '_',
              ' ',
            )} on ${recommendation.productName}`,
            description: `${recommendation.commitment} ${
              recommendation.unit === 'Hrs' ? 'instance(s)' : 'unit(s) per hour'
            } committed at ${option.rate} (view ${option.rateView}) on ${share
              .times(100)
              .toDecimalPlaces(1)
              .toFixed()} % of the usage of ${input.productKey}; the rest at ${
              result.view.key
            } prices`,
            kind: 'what-if',
            currency: result.view.currency,
            parent: result.view.key,
          },
          [
            {
              product: input.productKey,
              multiplier: multiplier.toFixed(),
              validFrom,
            },
          ],
          actorRef,
        );
      },
    );
    const answer: CommitmentWhatIf = {
      view: created.key,
      parent: result.view.key,
      productKey: input.productKey,
      multiplier: multiplier.toFixed(),
      coveredShare: share.toDecimalPlaces(4).toFixed(),
      validFrom,
    };
    res.status(201).json(answer);
  });

  return router;
}

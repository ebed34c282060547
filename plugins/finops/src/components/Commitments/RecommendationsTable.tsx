import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  CommitmentRecommendation,
  finopsPricingViewCreatePermission,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { errorMessage, formatMoney, formatQuantity } from '../shared';

const OPTION_LABELS: Record<string, string> = {
  no_upfront: 'no upfront',
  partial_upfront: 'partial upfront',
  all_upfront: 'all upfront',
};

/** Props of {@link RecommendationsTable}. */
export interface RecommendationsTableProps {
  recommendations: CommitmentRecommendation[];
  currency: string;
  view: string;
  lookbackDays: number;
  entityRef?: string;
}

/** Our engine's recommendations, each option priced, with a one-click what-if view. */
export function RecommendationsTable(props: RecommendationsTableProps) {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canCreate } = usePermission({
    permission: finopsPricingViewCreatePermission,
  });
  const [created, setCreated] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const money = (amount?: string) =>
    amount === undefined ? '—' : formatMoney(amount, props.currency);

  const whatIf = async (
    recommendation: CommitmentRecommendation,
    term: '1y' | '3y',
    paymentOption: 'no_upfront' | 'partial_upfront' | 'all_upfront',
  ) => {
    setFailure(undefined);
    try {
      const result = await finopsApi.createCommitmentWhatIf({
        productKey: recommendation.productKey,
        term,
        paymentOption,
        view: props.view,
        lookbackDays: props.lookbackDays,
        entityRef: props.entityRef,
      });
      setCreated(current => ({
        ...current,
        [`${recommendation.productKey}|${term}|${paymentOption}`]: result.view,
      }));
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };

  return (
    <>
      {failure && <Typography color="error">{failure}</Typography>}
      <Box overflow="auto">
        <Table
          size="small"
          aria-label="Reservation recommendations"
          style={{ whiteSpace: 'nowrap' }}
        >
          <TableHead>
            <TableRow>
              <TableCell>Product</TableCell>
              <TableCell align="right">Baseline / day</TableCell>
              <TableCell align="right">Steadiness</TableCell>
              <TableCell align="right">Commit</TableCell>
              <TableCell>Option</TableCell>
              <TableCell align="right">Upfront</TableCell>
              <TableCell align="right">Monthly</TableCell>
              <TableCell align="right">Savings / year</TableCell>
              <TableCell align="right">Break-even</TableCell>
              <TableCell>Confidence</TableCell>
              <TableCell aria-label="What-if" />
            </TableRow>
          </TableHead>
          <TableBody>
            {props.recommendations.flatMap(r =>
              r.options
                .filter(o => o.rate !== undefined)
                .map((o, index) => {
                  const key = `${r.productKey}|${o.term}|${o.paymentOption}`;
                  const best =
                    r.best?.term === o.term &&
                    r.best?.paymentOption === o.paymentOption;
                  return (
                    <TableRow
                      key={key}
                      selected={best}
                      data-testid={`recommendation-${key}`}
                    >
                      <TableCell>
                        {index === 0 ? (
                          <>
                            <strong>{r.instanceType ?? r.productName}</strong>
                            <Typography variant="caption" display="block">
                              {r.provider} {r.region}
                            </Typography>
                          </>
                        ) : null}
                      </TableCell>
                      <TableCell align="right">
                        {index === 0
                          ? formatQuantity(r.baselineDaily, r.unit)
                          : ''}
                      </TableCell>
                      <TableCell align="right">
                        {index === 0
                          ? `${Math.round(Number(r.steadiness) * 100)} %`
                          : ''}
                      </TableCell>
                      <TableCell align="right">
                        {index === 0 ? r.commitment : ''}
                      </TableCell>
                      <TableCell>
                        {o.term} {OPTION_LABELS[o.paymentOption]}
                        {best && (
                          <Chip
                            size="small"
                            label="best"
                            color="primary"
                            style={{ marginLeft: 4 }}
                          />
                        )}
                      </TableCell>
                      <TableCell align="right">{money(o.upfront)}</TableCell>
                      <TableCell align="right">{money(o.monthly)}</TableCell>
                      <TableCell align="right">
                        {money(o.annualSavings)} ({o.savingsPercent} %)
                      </TableCell>
                      <TableCell align="right">
                        {o.breakEvenMonth
                          ? `month ${o.breakEvenMonth}`
                          : 'never'}
                      </TableCell>
                      <TableCell>{o.confidence}</TableCell>
                      <TableCell>
                        {created[key] ? (
                          <Chip
                            size="small"
                            label={`View ${created[key]} created`}
                          />
                        ) : (
                          canCreate && (
                            <Button
                              size="small"
                              variant="outlined"
                              onClick={() => whatIf(r, o.term, o.paymentOption)}
                            >
                              What-if view
                            </Button>
                          )
                        )}
                      </TableCell>
                    </TableRow>
                  );
                }),
            )}
          </TableBody>
        </Table>
      </Box>
    </>
  );
}

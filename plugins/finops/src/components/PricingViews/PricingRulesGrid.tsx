import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { PricingRule } from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { RULE_TARGET_TYPES } from './ruleInput';
import { errorMessage } from '../shared';

/** Props of {@link PricingRulesGrid}. */
export interface PricingRulesGridProps {
  viewKey: string;
  currency: string;
  rules: PricingRule[];
  /** Whether rules can be deleted. */
  canEdit: boolean;
  /** Called after a rule was deleted. */
  onChanged: () => void;
}

/** The rules of a pricing view: target, price or multiplier, validity. */
export function PricingRulesGrid(props: PricingRulesGridProps) {
  const { viewKey, currency, rules, canEdit, onChanged } = props;
  const finopsApi = useApi(finopsApiRef);
  const [deleting, setDeleting] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const remove = async (ruleId: string) => {
    setDeleting(ruleId);
    setError(undefined);
    try {
      await finopsApi.deletePricingRule(viewKey, ruleId);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <>
      <Table size="small" aria-label="Pricing rules">
        <TableHead>
          <TableRow>
            <TableCell>Target type</TableCell>
            <TableCell>Target</TableCell>
            <TableCell align="right">Unit price ({currency})</TableCell>
            <TableCell align="right">Multiplier</TableCell>
            <TableCell>Valid from</TableCell>
            <TableCell>Valid to</TableCell>
            {canEdit && <TableCell aria-label="Actions" />}
          </TableRow>
        </TableHead>
        <TableBody>
          {rules.length === 0 && (
            <TableRow>
              <TableCell colSpan={canEdit ? 7 : 6}>
                <Typography variant="body2" color="textSecondary">
                  No rule in this view yet.
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rules.map(rule => {
            const targetType =
              RULE_TARGET_TYPES.find(type => rule[type]) ?? 'product';
            return (
              <TableRow key={rule.id}>
                <TableCell>{targetType}</TableCell>
                <TableCell>
                  <code>{rule[targetType]}</code>
                </TableCell>
                <TableCell align="right">{rule.unitPrice ?? '–'}</TableCell>
                <TableCell align="right">{rule.multiplier ?? '–'}</TableCell>
                <TableCell>{rule.validFrom}</TableCell>
                <TableCell>{rule.validTo ?? 'open'}</TableCell>
                {canEdit && (
                  <TableCell align="right">
                    <IconButton
                      size="small"
                      aria-label={`Delete rule ${rule.id}`}
                      disabled={deleting === rule.id}
                      onClick={() => remove(rule.id)}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {error && (
        <Typography color="error" role="alert">
          Could not delete the rule: {error}
        </Typography>
      )}
    </>
  );
}

import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, Chip, Tab, Tabs, Typography } from '@material-ui/core';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  PricingView,
  finopsPricingViewDeletePermission,
  finopsPricingViewUpdatePermission,
} from '@finops-backstage/plugin-finops-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { finopsApiRef } from '../../api';
import { isManagedView } from './isManagedView';
import { AddRuleForm } from './AddRuleForm';
import { PricingRulesGrid } from './PricingRulesGrid';
import { PricingViewAudit } from './PricingViewAudit';
import { PricingViewFields } from './PricingViewFields';
import { RulesCsvImport } from './RulesCsvImport';
import { ConfirmDeleteDialog } from '../shared';

type Section = 'rules' | 'import' | 'audit';

/** Props of {@link PricingViewDetail}. */
export interface PricingViewDetailProps {
  viewKey: string;
  views: PricingView[];
  /** Called when the view changed or was deleted, to refresh the list. */
  onChanged: () => void;
  onDeleted: () => void;
}

/** One pricing view: its fields, rules (add, delete, import) and audit trail. */
export function PricingViewDetail(props: PricingViewDetailProps) {
  const { viewKey, views, onChanged, onDeleted } = props;
  const finopsApi = useApi(finopsApiRef);
  const update = usePermission({
    permission: finopsPricingViewUpdatePermission,
  });
  const remove = usePermission({
    permission: finopsPricingViewDeletePermission,
  });
  const { value, loading, error, retry } = useAsyncRetry(
    () => finopsApi.getPricingView(viewKey),
    [finopsApi, viewKey],
  );
  const [section, setSection] = useState<Section>('rules');
  const [version, setVersion] = useState(0);
  const [confirming, setConfirming] = useState(false);

  if (loading && !value) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title={`Could not load the pricing view ${viewKey}`}
      />
    );
  }

  const managed = isManagedView(value);
  const canEdit = update.allowed && !managed;
  const canDelete = remove.allowed && !managed;
  const refresh = () => {
    retry();
    setVersion(v => v + 1);
    onChanged();
  };

  const deleteView = async () => {
    await finopsApi.deletePricingView(value.key);
    setConfirming(false);
    onDeleted();
  };

  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {value.name}
          <Chip size="small" label={value.kind} />
          {managed && <Chip size="small" variant="outlined" label="managed" />}
        </Box>
      }
      subheader={value.key}
      action={
        canDelete ? (
          <Button color="secondary" onClick={() => setConfirming(true)}>
            Delete view
          </Button>
        ) : undefined
      }
    >
      {managed && (
        <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
          <InfoIcon color="primary" fontSize="small" />
          <Typography variant="body2" color="textSecondary">
            This view is written by the ingestion batch; it is read-only here.
            Copy it, or create a child of it, to price things differently.
          </Typography>
        </Box>
      )}
      <PricingViewFields
        key={value.updatedAt}
        view={value}
        views={views}
        canEdit={canEdit}
        onSaved={refresh}
      />
      <Box mt={3}>
        <Tabs
          value={section}
          onChange={(_, next) => setSection(next)}
          indicatorColor="primary"
          textColor="primary"
        >
          <Tab value="rules" label={`Rules (${value.rules.length})`} />
          {canEdit && <Tab value="import" label="Import CSV" />}
          <Tab value="audit" label="Audit trail" />
        </Tabs>
        <Box mt={2}>
          {section === 'rules' && (
            <>
              <PricingRulesGrid
                viewKey={value.key}
                currency={value.currency}
                rules={value.rules}
                canEdit={canEdit}
                onChanged={refresh}
              />
              {canEdit && (
                <AddRuleForm
                  viewKey={value.key}
                  currency={value.currency}
                  onAdded={refresh}
                />
              )}
            </>
          )}
          {section === 'import' && canEdit && (
            <RulesCsvImport viewKey={value.key} onImported={refresh} />
          )}
          {section === 'audit' && (
            <PricingViewAudit viewKey={value.key} version={version} />
          )}
        </Box>
      </Box>
      {confirming && (
        <ConfirmDeleteDialog
          title={`Delete the pricing view ${value.name}?`}
          onCancel={() => setConfirming(false)}
          onDelete={deleteView}
        >
          The view <code>{value.key}</code> and its rules will no longer be
          offered. The deletion is recorded in the audit trail.
        </ConfirmDeleteDialog>
      )}
    </InfoCard>
  );
}

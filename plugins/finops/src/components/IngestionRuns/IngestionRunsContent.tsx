import { useCallback, useEffect, useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Button,
  Grid,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import TuneIcon from '@material-ui/icons/Tune';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  IngestionRunSummary,
  finopsRunTriggerPermission,
  monthOfDate,
} from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { RunDetail } from './RunDetail';
import { RunsTable } from './RunsTable';
import { RunOptions, RunOptionsValue, runRequestOf } from './RunOptions';
import { errorMessage, useUrlParam } from '../shared';

/** How often the list is asked again while a run started here is running. */
const POLL_INTERVAL_MS = 2000;

/** The Ingestion runs tab of the FinOps page: the runs, one run's detail, and "Run now". */
export function IngestionRunsContent() {
  const finopsApi = useApi(finopsApiRef);
  const { allowed: canTrigger } = usePermission({
    permission: finopsRunTriggerPermission,
  });
  const [runs, setRuns] = useState<IngestionRunSummary[] | undefined>();
  const [listError, setListError] = useState<Error | undefined>();
  // The open run is in the URL (`?run=42`), to reload or share.
  const [runParam, setRunParam] = useUrlParam('run');
  const selectedRunId = /^\d+$/.test(runParam ?? '')
    ? Number(runParam)
    : undefined;
  const setSelectedRunId = (runId: number | undefined) =>
    setRunParam(runId === undefined ? undefined : String(runId));
  const [activeRunId, setActiveRunId] = useState<number | undefined>();
  const [triggering, setTriggering] = useState(false);
  const [triggerError, setTriggerError] = useState<string | undefined>();
  const [showOptions, setShowOptions] = useState(false);
  const [options, setOptions] = useState<RunOptionsValue>({
    from: '',
    to: '',
    force: false,
  });
  const currentMonth = monthOfDate(new Date());
  const checked = runRequestOf(options, currentMonth);

  const refresh = useCallback(async () => {
    try {
      const list = await finopsApi.listRuns();
      setRuns(list);
      setListError(undefined);
      return list;
    } catch (error) {
      setListError(error as Error);
      return undefined;
    }
  }, [finopsApi]);

  useEffect(() => {
    refresh();
  }, [refresh]);

  // While the run started here is running, ask for the list every 2 s.
  useEffect(() => {
    if (activeRunId === undefined) {
      return undefined;
    }
    let cancelled = false;
    const poll = async () => {
      const list = await refresh();
      const run = list?.find(item => item.runId === activeRunId);
      if (!cancelled && run && run.status !== 'running') {
        setActiveRunId(undefined);
      }
    };
    const timer = setInterval(poll, POLL_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [activeRunId, refresh]);

  const runNow = async () => {
    if (!checked.request) {
      return;
    }
    setTriggering(true);
    setTriggerError(undefined);
    try {
      // Without options, the body stays empty: each source loads the months it needs.
      const { runId } =
        Object.keys(checked.request).length > 0
          ? await finopsApi.triggerRun(checked.request)
          : await finopsApi.triggerRun();
      setActiveRunId(runId);
      await refresh();
    } catch (error) {
      setTriggerError(`Could not start a run: ${errorMessage(error)}`);
    } finally {
      setTriggering(false);
    }
  };

  const selectedRun = runs?.find(run => run.runId === selectedRunId);
  const running = activeRunId !== undefined;

  let body;
  if (!runs && listError) {
    body = (
      <ResponseErrorPanel
        error={listError}
        title="Could not load the ingestion runs"
      />
    );
  } else if (!runs) {
    body = <Progress />;
  } else if (runs.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No ingestion run yet"
        description="Runs start on the schedule configured under finops.schedule, at startup, or by hand with Run now."
      />
    );
  } else {
    body = (
      <InfoCard title="Ingestion runs" subheader="Click a run to see its loads">
        {listError && (
          <Typography color="error" role="alert">
            Could not refresh the list: {listError.message}
          </Typography>
        )}
        <RunsTable
          runs={runs}
          selectedRunId={selectedRunId}
          onSelect={setSelectedRunId}
        />
      </InfoCard>
    );
  }

  return (
    <Grid container spacing={3}>
      {canTrigger && (
        <Grid item xs={12}>
          <Box display="flex" alignItems="center" style={{ gap: 16 }}>
            <Button
              variant="contained"
              color="primary"
              startIcon={<PlayArrowIcon />}
              disabled={triggering || running || !checked.request}
              onClick={runNow}
            >
              Run now
            </Button>
            <Button
              startIcon={<TuneIcon />}
              aria-expanded={showOptions}
              aria-controls="finops-run-options"
              onClick={() => setShowOptions(shown => !shown)}
            >
              {showOptions ? 'Hide options' : 'Options'}
            </Button>
            {checked.request?.months && (
              <Typography variant="body2" color="textSecondary">
                {checked.request.months.length === 1
                  ? checked.request.months[0]
                  : `${checked.request.months[0]} to ${
                      checked.request.months[checked.request.months.length - 1]
                    }`}{' '}
                ({checked.request.months.length} months)
                {checked.request.force ? ', forced' : ''}
              </Typography>
            )}
            {!checked.request?.months && checked.request?.force && (
              <Typography variant="body2" color="textSecondary">
                Forced
              </Typography>
            )}
            {running && (
              <Box flexGrow={1}>
                <Typography variant="body2" color="textSecondary">
                  Run #{activeRunId} is running…
                </Typography>
                <LinearProgress aria-label={`Run ${activeRunId} running`} />
              </Box>
            )}
            {triggerError && (
              <Typography color="error" role="alert">
                {triggerError}
              </Typography>
            )}
          </Box>
          {showOptions && (
            <Box mt={2} id="finops-run-options">
              <RunOptions
                value={options}
                onChange={next => {
                  setOptions(next);
                  setTriggerError(undefined);
                }}
                currentMonth={currentMonth}
                error={checked.error}
              />
            </Box>
          )}
        </Grid>
      )}
      <Grid item xs={12}>
        {body}
      </Grid>
      {selectedRunId !== undefined && (
        <Grid item xs={12}>
          <RunDetail
            // Reloaded when the run's status changes (e.g. when it ends).
            key={`${selectedRunId}/${selectedRun?.status ?? ''}`}
            runId={selectedRunId}
            onClose={() => setSelectedRunId(undefined)}
          />
        </Grid>
      )}
    </Grid>
  );
}

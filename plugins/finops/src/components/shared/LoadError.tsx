import { WarningPanel } from '@backstage/core-components';
import { Box, Button, Typography } from '@material-ui/core';
import RefreshIcon from '@material-ui/icons/Refresh';
import { errorMessage } from './errorMessage';

/** Props of {@link LoadError}. */
export interface LoadErrorProps {
  /** What could not be done, e.g. "Could not load costs". */
  title: string;
  error: unknown;
  /** Loads again; the page's controls stay as they are. */
  onRetry: () => void;
}

/** A failed load: what failed, the backend's reason, and a retry. */
export function LoadError(props: LoadErrorProps) {
  const { title, error, onRetry } = props;
  return (
    <WarningPanel severity="error" title={title} defaultExpanded>
      <Box role="alert">
        <Typography variant="body2" data-testid="finops-load-error">
          {errorMessage(error)}
        </Typography>
        <Box mt={1}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<RefreshIcon />}
            onClick={onRetry}
          >
            Retry
          </Button>
        </Box>
      </Box>
    </WarningPanel>
  );
}

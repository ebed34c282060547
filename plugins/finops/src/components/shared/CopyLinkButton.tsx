import { useState } from 'react';
import { Button, Tooltip } from '@material-ui/core';
import LinkIcon from '@material-ui/icons/Link';

/** Copies the page's URL (which holds its state) to the clipboard, to share the same screen. */
export function CopyLinkButton() {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  let title = 'Copy a link to this screen, with its period and filters';
  if (copied === 'yes') title = 'Link copied';
  if (copied === 'failed')
    title = 'Could not copy: copy the address bar instead';
  return (
    <Tooltip title={title} onClose={() => setCopied(undefined)}>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<LinkIcon />}
        onClick={copy}
      >
        {copied === 'yes' ? 'Link copied' : 'Copy link'}
      </Button>
    </Tooltip>
  );
}

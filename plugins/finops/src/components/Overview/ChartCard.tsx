import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Typography } from '@material-ui/core';

/** Props of {@link ChartCard}. */
export interface ChartCardProps {
  title: string;
  subheader?: string;
  /** Whether there is nothing to draw. */
  empty: boolean;
  children: ReactNode;
}

/** A card around one chart of the overview, with a message instead of an empty chart. */
export function ChartCard(props: ChartCardProps) {
  const { title, subheader, empty, children } = props;
  return (
    <InfoCard title={title} subheader={subheader}>
      {empty ? (
        <Typography color="textSecondary">No cost in this period.</Typography>
      ) : (
        children
      )}
    </InfoCard>
  );
}

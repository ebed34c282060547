import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: (props: { height: number }) => props.height,
  },
  path: {
    fill: '#7df3e1',
  },
});

/** Props of {@link LogoSvg}. */
export interface LogoSvgProps {
  /** Its height in the sidebar, in pixels (the width follows). */
  height: number;
  viewBox: string;
  /** The outline, an SVG path. */
  path: string;
}

/** The sidebar's logo: one path in the logo colour. */
export const LogoSvg = (props: LogoSvgProps) => {
  const classes = useStyles({ height: props.height });

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={props.viewBox}
    >
      <path className={classes.path} d={props.path} />
    </svg>
  );
};

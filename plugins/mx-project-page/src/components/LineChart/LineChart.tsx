import { useTheme } from '@material-ui/core/styles';

/** A point of a {@link LineChart}. */
export type ChartPoint = { x: number; y: number; label?: string };

export type LineChartProps = {
  /** what the chart shows; also its accessible name */
  title: string;
  points: ChartPoint[];
  xLabel: string;
  yLabel: string;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** draw the line between points (off: a scatter plot) */
  connect?: boolean;
};

const W = 640;
const H = 260;
const PAD = { left: 64, right: 16, top: 16, bottom: 44 };

function ticks(min: number, max: number, count: number) {
  if (min === max) return [min];
  return Array.from(
    { length: count },
    (_, i) => min + ((max - min) * i) / (count - 1),
  );
}

/** A dependency-free SVG line or scatter chart. */
export const LineChart = ({
  title,
  points,
  xLabel,
  yLabel,
  formatX = x => String(Number(x.toPrecision(4))),
  formatY = y => String(Number(y.toPrecision(4))),
  connect = true,
}: LineChartProps) => {
  const theme = useTheme();
  if (points.length === 0) return null;
  const xs = points.map(p => p.x);
  const ys = points.map(p => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) {
    y0 -= 1;
    y1 += 1;
  }
  const sx = (x: number) =>
    PAD.left +
    (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) =>
    H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const color = theme.palette.primary.main;
  const muted = theme.palette.text.secondary;

  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: W, display: 'block' }}
    >
      <title>{title}</title>
      <line
        x1={PAD.left}
        y1={H - PAD.bottom}
        x2={W - PAD.right}
        y2={H - PAD.bottom}
        stroke={muted}
      />
      <line
        x1={PAD.left}
        y1={PAD.top}
        x2={PAD.left}
        y2={H - PAD.bottom}
        stroke={muted}
      />
      {ticks(y0, y1, 5).map(t => (
        <g key={`y${t}`}>
          <line
            x1={PAD.left - 4}
            x2={PAD.left}
            y1={sy(t)}
            y2={sy(t)}
            stroke={muted}
          />
          <text
            x={PAD.left - 6}
            y={sy(t) + 4}
            textAnchor="end"
            fontSize={11}
            fill={muted}
          >
            {formatY(t)}
          </text>
        </g>
      ))}
      {ticks(x0, x1, Math.min(5, new Set(xs).size)).map(t => (
        <g key={`x${t}`}>
          <line
            y1={H - PAD.bottom}
            y2={H - PAD.bottom + 4}
            x1={sx(t)}
            x2={sx(t)}
            stroke={muted}
          />
          <text
            x={sx(t)}
            y={H - PAD.bottom + 16}
            textAnchor="middle"
            fontSize={11}
            fill={muted}
          >
            {formatX(t)}
          </text>
        </g>
      ))}
      <text
        x={(PAD.left + W - PAD.right) / 2}
        y={H - 6}
        textAnchor="middle"
        fontSize={12}
        fill={muted}
      >
        {xLabel}
      </text>
      <text
        x={14}
        y={(PAD.top + H - PAD.bottom) / 2}
        textAnchor="middle"
        fontSize={12}
        fill={muted}
        transform={`rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})`}
      >
        {yLabel}
      </text>
      {connect && sorted.length > 1 && (
        <polyline
          fill="none"
          stroke={color}
          strokeWidth={2}
          points={sorted.map(p => `${sx(p.x)},${sy(p.y)}`).join(' ')}
        />
      )}
      {sorted.map((p, i) => (
        <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={color}>
          <title>{p.label ?? `${formatX(p.x)}: ${formatY(p.y)}`}</title>
        </circle>
      ))}
    </svg>
  );
};

export { LineChart } from './LineChart';
export type { ChartPoint, LineChartProps } from './LineChart';

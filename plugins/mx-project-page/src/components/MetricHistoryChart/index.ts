export { MetricHistoryChart } from './MetricHistoryChart';

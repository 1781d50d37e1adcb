import { render, screen } from '@testing-library/react';
import { LineChart } from './LineChart';

describe('LineChart', () => {
  it('draws one point per value with its label, and the axis names', () => {
    render(
      <LineChart
        title="rmse over 3 steps"
        points={[
          { x: 0, y: 2 },
          { x: 1, y: 1.5 },
          { x: 2, y: 1.25, label: 'last step: 1.25' },
        ]}
        xLabel="step"
        yLabel="rmse"
      />,
    );
    const chart = screen.getByRole('img', { name: 'rmse over 3 steps' });
    expect(chart.querySelectorAll('circle')).toHaveLength(3);
    expect(chart.querySelector('polyline')).toHaveAttribute('points');
    expect(chart).toHaveTextContent('last step: 1.25');
    expect(chart).toHaveTextContent('step');
    expect(chart).toHaveTextContent('rmse');
  });

  it('draws a scatter plot without a line when asked', () => {
    render(
      <LineChart
        title="accuracy across 2 runs"
        points={[
          { x: 10, y: 0.9 },
          { x: 20, y: 0.8 },
        ]}
        xLabel="run start"
        yLabel="accuracy"
        connect={false}
      />,
    );
    const chart = screen.getByRole('img', { name: 'accuracy across 2 runs' });
    expect(chart.querySelector('polyline')).toBeNull();
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
  });

  it('draws nothing without points', () => {
    render(<LineChart title="empty" points={[]} xLabel="x" yLabel="y" />);
    expect(
      screen.queryByRole('img', { name: 'empty' }),
    ).not.toBeInTheDocument();
  });
});

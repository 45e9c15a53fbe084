// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TrendChart } from '../../../web/src/components/TrendChart/TrendChart';
import type { RecordItemView } from '../../../web/src/domain';
import { chartSeries } from '../../../web/src/record/charts';

const loinc = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }] });

function observation(key: string, date: string, resource: Record<string, unknown>): RecordItemView {
  return {
    practiceId: 'prac-1',
    practiceName: 'Riverside Family Medicine',
    dataClass: 'lab-results',
    itemKey: key,
    date,
    resource: { resourceType: 'Observation', status: 'final', effectiveDateTime: date, ...resource },
    sources: [],
  };
}

const a1c = (key: string, date: string, value: number) =>
  observation(key, date, {
    code: loinc('4548-4', 'Hemoglobin A1c'),
    valueQuantity: { value, unit: '%' },
    referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' } }],
  });
const weight = (key: string, date: string, value: number) => observation(key, date, { code: loinc('29463-7', 'Body weight'), valueQuantity: { value, unit: 'kg' } });
const bp = (key: string, date: string, systolic: number, diastolic: number) =>
  observation(key, date, {
    code: loinc('85354-9', 'Blood pressure panel'),
    component: [
      { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: { value: systolic, unit: 'mm[Hg]' } },
      { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: { value: diastolic, unit: 'mm[Hg]' } },
    ],
  });

function renderCharts(items: RecordItemView[]) {
  const series = chartSeries(items);
  render(
    <>
      {series.map((s) => (
        <TrendChart key={s.key} series={s} />
      ))}
    </>,
  );
  return series;
}

describe('trend charts', () => {
  it('draws one chart per code with two or more values, none for a single value', () => {
    // Act
    renderCharts([a1c('1', '2025-09-01', 5.2), a1c('2', '2026-03-01', 6.4), weight('3', '2026-03-01', 70), observation('4', '2026-03-01', { code: { text: 'Comment' }, valueString: 'ok' })]);

    // Assess
    const figures = screen.getAllByRole('figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]).toHaveAccessibleName('Hemoglobin A1c (%)');
    expect(within(figures[0]!).getByRole('img')).toHaveAccessibleName(/^Line chart of Hemoglobin A1c, 2 values from Sep 1, 2025 to Mar 1, 2026, normal range 4–5.6%/);
    expect(figures[0]!.querySelectorAll('[data-testid="chart-line"]')).toHaveLength(1);
  });

  it('shades the reference range when it exists, and marks out-of-range values by shape', () => {
    renderCharts([a1c('1', '2025-09-01', 5.2), a1c('2', '2026-03-01', 6.4), weight('3', '2025-01-01', 70), weight('4', '2026-01-01', 72)]);

    expect(screen.getAllByRole('figure')).toHaveLength(2);
    const a1cChart = screen.getByRole('figure', { name: 'Hemoglobin A1c (%)' });
    const weightChart = screen.getByRole('figure', { name: 'Body weight (kg)' });
    expect(a1cChart.querySelector('[data-testid="reference-band"]')).not.toBeNull();
    expect(a1cChart.querySelectorAll('svg.chart__svg circle.chart__point')).toHaveLength(1);
    expect(a1cChart.querySelectorAll('svg.chart__svg polygon.chart__point--flagged')).toHaveLength(1);
    expect(a1cChart).toHaveTextContent('Normal range: 4–5.6%');
    expect(weightChart.querySelector('[data-testid="reference-band"]')).toBeNull();
  });

  it('lists the values in a table that can be shown', async () => {
    const user = userEvent.setup();
    renderCharts([a1c('1', '2025-09-01', 5.2), a1c('2', '2026-03-01', 6.4)]);

    const table = screen.getByRole('table', { name: 'Hemoglobin A1c (%), oldest first' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'DateValueFlagPractice',
      'Sep 1, 2025' + '5.2%' + '—' + 'Riverside Family Medicine',
      'Mar 1, 2026' + '6.4%' + 'High' + 'Riverside Family Medicine',
    ]);
    const wrapper = table.parentElement!;
    expect(wrapper).toHaveClass('visually-hidden');

    await user.click(screen.getByRole('button', { name: 'Show the values of Hemoglobin A1c' }));
    expect(wrapper).not.toHaveClass('visually-hidden');
    expect(screen.getByRole('button', { name: 'Hide the values of Hemoglobin A1c' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('draws blood pressure as two lines, systolic and diastolic, from the components', () => {
    renderCharts([bp('1', '2025-09-01', 128, 84), bp('2', '2026-03-01', 121, 79)]);

    const figure = screen.getByRole('figure', { name: 'Blood pressure (mmHg)' });
    expect(figure.querySelectorAll('[data-testid="chart-line"]')).toHaveLength(2);
    const table = within(figure).getByRole('table');
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'DateSystolicDiastolicFlagPractice',
      'Sep 1, 2025128 mmHg84 mmHg—Riverside Family Medicine',
      'Mar 1, 2026121 mmHg79 mmHg—Riverside Family Medicine',
    ]);
  });
});

import { useEffect, useId, useRef, useState } from 'react';
import { cx } from '../../lib/class-names';
import type { ChartPoint, ChartSeries } from '../../record/charts';
import { formatFhirDate } from '../../record/present';
import { Button } from '../Button/Button';

const DEFAULT_WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 64, right: 20, top: 16, bottom: 52 };
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/**
 * The chart is drawn at the width it is shown, so that its labels keep their size on a phone instead of shrinking
 * with a scaled drawing.
 */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(Math.max(280, Math.min(measured, 900)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
const DAY = 86_400_000;

/** 1, 2 or 5 times a power of ten, about `count` steps from min to max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const formatValue = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });
const withUnit = (value: number, unit: string) => (unit ? (unit === '%' ? `${formatValue(value)}%` : `${formatValue(value)} ${unit}`) : formatValue(value));
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

function Marker({ x, y, point, lineIndex }: { x: number; y: number; point: ChartPoint; lineIndex: number }) {
  // Out-of-range values differ by shape as well as colour: a triangle pointing the way the value is off, a diamond for "abnormal".
  if (point.flag === 'High') return <polygon className="chart__point chart__point--flagged" points={`${x},${y - 7} ${x - 6.5},${y + 5} ${x + 6.5},${y + 5}`} />;
  if (point.flag === 'Low') return <polygon className="chart__point chart__point--flagged" points={`${x},${y + 7} ${x - 6.5},${y - 5} ${x + 6.5},${y - 5}`} />;
  if (point.flag === 'Abnormal') return <polygon className="chart__point chart__point--flagged" points={`${x},${y - 7} ${x + 7},${y} ${x},${y + 7} ${x - 7},${y}`} />;
  if (lineIndex % 2 === 1) return <rect className={cx('chart__point', `chart__point--line${lineIndex % 2}`)} x={x - 4.5} y={y - 4.5} width={9} height={9} />;
  return <circle className={cx('chart__point', `chart__point--line${lineIndex % 2}`)} cx={x} cy={y} r={4.5} />;
}

function LegendSwatch({ kind, lineIndex = 0 }: { kind: 'line' | 'band' | 'flagged'; lineIndex?: number }) {
  return (
    <svg className="chart__swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">
      {kind === 'band' && <rect className="chart__band" x="1" y="2" width="26" height="12" />}
      {kind === 'line' && (
        <>
          <line className={`chart__line chart__line--line${lineIndex % 2}`} x1="0" y1="8" x2="28" y2="8" />
          {lineIndex % 2 === 1 ? (
            <rect className="chart__point chart__point--line1" x="9.5" y="3.5" width="9" height="9" />
          ) : (
            <circle className="chart__point chart__point--line0" cx="14" cy="8" r="4.5" />
          )}
        </>
      )}
      {kind === 'flagged' && <polygon className="chart__point chart__point--flagged" points="14,1 7.5,13 20.5,13" />}
    </svg>
  );
}

/**
 * A test's values over time as a line chart (hand-written SVG, styled by classes: the CSP forbids inline styles),
 * with the normal range as a shaded band. The same values are in a table, read by screen readers and shown on request.
 */
export function TrendChart({ series }: { series: ChartSeries }) {
  const captionId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const { ref: canvasRef, width: WIDTH } = useWidth();
  const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
  const points = series.lines.flatMap((line) => line.points);
  const times = points.map((p) => p.time);
  let tMin = Math.min(...times);
  let tMax = Math.max(...times);
  if (tMin === tMax) {
    tMin -= DAY;
    tMax += DAY;
  }
  const values = [...points.map((p) => p.value), ...(series.range?.low !== undefined ? [series.range.low] : []), ...(series.range?.high !== undefined ? [series.range.high] : [])];
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  const pad = (vMax - vMin || Math.abs(vMax) || 1) * 0.1;
  const yTicks = niceTicks(vMin - pad, vMax + pad, 5);
  const yMin = Math.min(yTicks[0]!, vMin - pad);
  const yMax = Math.max(yTicks[yTicks.length - 1]!, vMax + pad);
  const x = (t: number) => MARGIN.left + ((t - tMin) / (tMax - tMin)) * PLOT_W;
  const y = (v: number) => MARGIN.top + (1 - (v - yMin) / (yMax - yMin)) * PLOT_H;
  const shortDates = tMax - tMin > 60 * DAY;
  const tickLabel = (t: number) => {
    const label = formatFhirDate(dayOf(t));
    return shortDates ? label.replace(/ \d+,/, '') : label;
  };
  const xTicks = (WIDTH < 480 ? [0, 1] : [0, 1 / 3, 2 / 3, 1]).map((f) => tMin + f * (tMax - tMin));
  const band = series.range;
  const bandTop = band ? y(Math.min(band.high ?? yMax, yMax)) : 0;
  const bandBottom = band ? y(Math.max(band.low ?? yMin, yMin)) : 0;
  const rangeText = band
    ? band.low !== undefined && band.high !== undefined
      ? `${formatValue(band.low)}–${withUnit(band.high, series.unit)}`
      : band.low !== undefined
        ? `at least ${withUnit(band.low, series.unit)}`
        : `at most ${withUnit(band.high!, series.unit)}`
    : undefined;
  const anyFlagged = points.some((p) => p.flag);
  const first = formatFhirDate(dayOf(Math.min(...times)));
  const last = formatFhirDate(dayOf(Math.max(...times)));

  // One table row per moment, a column per line.
  const rowTimes = [...new Set(times)].sort((a, b) => a - b);
  const multi = series.lines.length > 1;

  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart__caption">
        <span className="chart__title">{series.label}</span>
        {series.unit && (
          <>
            {' '}
            <span className="chart__unit">({series.unit})</span>
          </>
        )}
      </figcaption>
      <div className="chart__canvas" ref={canvasRef}>
        <svg
          className="chart__svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width={WIDTH}
          height={HEIGHT}
          role="img"
          aria-label={`Line chart of ${series.label}, ${points.length} values from ${first} to ${last}${rangeText ? `, normal range ${rangeText}` : ''}. The values are also in a table.`}
        >
          {band && <rect className="chart__band" x={MARGIN.left} y={bandTop} width={PLOT_W} height={Math.max(0, bandBottom - bandTop)} data-testid="reference-band" />}
          {yTicks
            .filter((v) => v >= yMin && v <= yMax)
            .map((v) => (
              <g key={`y${v}`}>
                <line className="chart__grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} />
                <text className="chart__tick" x={MARGIN.left - 8} y={y(v)} textAnchor="end" dominantBaseline="middle">
                  {formatValue(v)}
                </text>
              </g>
            ))}
          {xTicks.map((t, i) => (
            <text key={`x${i}`} className="chart__tick" x={x(t)} y={HEIGHT - MARGIN.bottom + 18} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
              {tickLabel(t)}
            </text>
          ))}
          <line className="chart__axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
          <line className="chart__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} />
          <text className="chart__axis-label" x={MARGIN.left + PLOT_W / 2} y={HEIGHT - 8} textAnchor="middle">
            Date
          </text>
          <text className="chart__axis-label" transform={`translate(16 ${MARGIN.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
            {series.unit || 'Value'}
          </text>
          {series.lines.map((line, lineIndex) => (
            <g key={line.name} data-testid="chart-line">
              <polyline className={`chart__line chart__line--line${lineIndex % 2}`} points={line.points.map((p) => `${x(p.time)},${y(p.value)}`).join(' ')} />
              {line.points.map((p, i) => (
                <Marker key={i} x={x(p.time)} y={y(p.value)} point={p} lineIndex={lineIndex} />
              ))}
            </g>
          ))}
        </svg>
      </div>
      <ul className="chart__legend" aria-label="Key">
        {series.lines.map((line, i) => (
          <li key={line.name}>
            <LegendSwatch kind="line" lineIndex={i} /> {line.name}
          </li>
        ))}
        {rangeText && (
          <li>
            <LegendSwatch kind="band" /> Normal range: {rangeText}
          </li>
        )}
        {anyFlagged && (
          <li>
            <LegendSwatch kind="flagged" /> Outside the normal range (triangle)
          </li>
        )}
      </ul>
      <Button variant="link" size="small" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
        {showTable ? 'Hide the values' : 'Show the values'}{' '}
        <span className="visually-hidden">of {series.label}</span>
      </Button>
      <div id={tableId} className={cx('table-wrap', 'chart__table', !showTable && 'visually-hidden')}>
        <table className="table">
          <caption className="visually-hidden">
            {series.label}
            {series.unit ? ` (${series.unit})` : ''}, oldest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.lines.map((line) => (
                <th key={line.name} scope="col" className="table__num">
                  {multi ? line.name : 'Value'}
                </th>
              ))}
              <th scope="col">Flag</th>
              <th scope="col">Practice</th>
            </tr>
          </thead>
          <tbody>
            {rowTimes.map((t) => {
              const row = series.lines.map((line) => line.points.find((p) => p.time === t));
              const any = row.find((p) => p !== undefined)!;
              const flags = [...new Set(row.map((p) => p?.flag).filter(Boolean))].join(', ');
              return (
                <tr key={t}>
                  <th scope="row">
                    <time dateTime={any.date}>{formatFhirDate(any.date)}</time>
                  </th>
                  {row.map((p, i) => (
                    <td key={series.lines[i]!.name} className="table__num">
                      {p ? withUnit(p.value, series.unit) : '—'}
                    </td>
                  ))}
                  <td>{flags || '—'}</td>
                  <td>{any.practiceName}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

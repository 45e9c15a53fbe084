/**
 * Turns loaded Observations into chart series: one chart per test (grouped by LOINC code, else by its first code or
 * name), a point per numeric value, and the reference range of the latest value as the normal band.
 */
import type { RecordItemView } from '../domain';
import { bloodPressure, conceptCode, conceptText, displayUnit, interpretation, observationDate, rangeBounds, type Interpretation } from './present';

const LOINC = 'http://loinc.org';
const BLOOD_PRESSURE_PANELS = new Set(['85354-9', '55284-4', '35094-2']);

export interface ChartPoint {
  /** As recorded (FHIR dateTime); the chart orders and places points by it. */
  date: string;
  time: number;
  value: number;
  flag?: Interpretation;
  practiceName: string;
}

export interface ChartLine {
  name: string;
  points: ChartPoint[];
}

export interface ChartSeries {
  key: string;
  label: string;
  unit: string;
  lines: ChartLine[];
  range?: { low?: number; high?: number };
}

type Json = Record<string, unknown>;

function timeOf(date: string): number {
  const t = Date.parse(date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);
  return Number.isNaN(t) ? Number.NaN : t;
}

function groupKey(resource: Json): string | undefined {
  const code = conceptCode(resource.code, LOINC) ?? conceptCode(resource.code);
  if (code) return code;
  const text = conceptText(resource.code);
  return text ? `text:${text.toLowerCase()}` : undefined;
}

/** Series of the Observations among the items, keeping only tests with at least two numeric values. */
export function chartSeries(items: readonly RecordItemView[]): ChartSeries[] {
  interface Group {
    label: string;
    unit: string;
    lines: Map<string, ChartPoint[]>;
    latest?: { time: number; range?: { low?: number; high?: number } };
  }
  const groups = new Map<string, Group>();
  for (const item of items) {
    const resource = item.resource as Json;
    if (resource.resourceType !== 'Observation') continue;
    const key = groupKey(resource);
    const date = observationDate(resource) ?? item.date;
    if (!key || !date) continue;
    const time = timeOf(date);
    if (Number.isNaN(time)) continue;
    const bp = BLOOD_PRESSURE_PANELS.has(key) ? bloodPressure(resource) : undefined;
    const quantity = resource.valueQuantity as Json | undefined;
    const value = typeof quantity?.value === 'number' && Number.isFinite(quantity.value) ? quantity.value : undefined;
    if (!bp && value === undefined) continue;
    const unit = bp ? bp.unit : displayUnit((quantity?.unit as string | undefined) ?? (quantity?.code as string | undefined));
    const group: Group = groups.get(key) ?? { label: bp ? 'Blood pressure' : (conceptText(resource.code) ?? 'Result'), unit, lines: new Map() };
    groups.set(key, group);
    const add = (name: string, point: ChartPoint) => group.lines.set(name, [...(group.lines.get(name) ?? []), point]);
    if (bp) {
      add('Systolic', { date, time, value: bp.systolic, practiceName: item.practiceName });
      add('Diastolic', { date, time, value: bp.diastolic, practiceName: item.practiceName });
    } else {
      const flag = interpretation(resource);
      add(group.label, { date, time, value: value!, practiceName: item.practiceName, ...(flag ? { flag } : {}) });
      if (!group.latest || time > group.latest.time) {
        const range = rangeBounds(resource);
        group.latest = { time, ...(range ? { range } : {}) };
      }
    }
  }
  const series: ChartSeries[] = [];
  for (const [key, group] of groups) {
    const lines = [...group.lines].map(([name, points]) => ({ name, points: [...points].sort((a, b) => a.time - b.time) }));
    if (!lines.some((line) => line.points.length >= 2)) continue;
    series.push({ key, label: group.label, unit: group.unit, lines, ...(group.latest?.range ? { range: group.latest.range } : {}) });
  }
  return series.sort((a, b) => a.label.localeCompare(b.label));
}

/** Timing helpers and the result table of `npm run bench` (scripts/bench.ts). */

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: first calls pay for module loading and connection set-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Two paths timed in turns (a, b, b, a, a, b...), so that both see the same moments of a busy machine: what a
 * path costs against its baseline without one of them running while the machine was quieter.
 */
export async function interleaved(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  await a();
  await b();
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const once = async (fn: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await fn();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await once(a, samplesA);
      await once(b, samplesB);
    } else {
      await once(b, samplesB);
      await once(a, samplesA);
    }
  }
  return [samplesA, samplesB];
}

export interface Row {
  case: string;
  measured: number;
  baseline: number;
  unit: string;
}

export const rows: Row[] = [];

/** One line of the table: the measured path's and the baseline's percentile (the median unless said) and their ratio. */
export function record(name: string, measured: number[], baseline: number[], p = 50): void {
  const row = { case: name, measured: percentile(measured, p), baseline: percentile(baseline, p), unit: `ms p${p}` };
  rows.push(row);
  console.log(`${name.padEnd(62)} ${row.measured.toFixed(1).padStart(9)} vs ${row.baseline.toFixed(1).padStart(9)} ${row.unit}  ratio ${(row.measured / row.baseline).toFixed(2)}`);
}

export function table(): string {
  return [
    '| case | measured | baseline | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.case} | ${r.measured.toFixed(1)} ${r.unit} | ${r.baseline.toFixed(1)} ${r.unit} | ${(r.measured / r.baseline).toFixed(2)} |`),
  ].join('\n');
}

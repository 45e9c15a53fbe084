/**
 * Deterministic randomness, identifiers and calendar arithmetic for the demo-record generator. Nothing here reads
 * the clock or Math.random: the same seed must give byte-identical records on every machine and every run.
 */
import { createHash } from 'node:crypto';

/** A seeded pseudo-random source. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Number in [min, max) rounded to `decimals`, so values look like what a lab or a scale prints. */
  float(min: number, max: number, decimals: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in a random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** An independent stream, so adding draws in one part of the history does not reshuffle another part. */
  fork(label: string): Rng;
}

/** Creates an sfc32 generator whose 128-bit state is the first half of SHA-256(seed). */
export function createRng(seed: string): Rng {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32 needs a few rounds before a low-entropy state (e.g. all zero words) looks random.
  for (let i = 0; i < 12; i++) next();
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max, decimals) => round(min + next() * (max - min), decimals),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list.');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    sample: (items, count) => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
      }
      return pool.slice(0, Math.max(0, Math.min(count, pool.length)));
    },
    fork: (label) => createRng(`${seed}\u0000${label}`),
  };
  return rng;
}

/** Rounds half away from zero to `decimals` places (toFixed is avoided: it rounds binary fractions oddly). */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.sign(value) * Math.round(Math.abs(value) * factor) / factor;
}

// Fixed namespace for this project's name-based UUIDs; any constant works, it only has to never change.
const UUID_NAMESPACE = Buffer.from('6f1c2d4e8a3b4c5d9e0f1a2b3c4d5e6f', 'hex');

/** RFC 4122 version-5 (name-based, SHA-1) UUID: stable for a name, unrelated across names. */
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(UUID_NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A small positive integer derived from a name, for OID arcs. */
export function nameNumber(name: string, modulo: number): number {
  return (createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0) % modulo) + 1;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses YYYY-MM-DD as a UTC day; throws on anything that is not a real calendar date. */
export function parseDate(value: string, label: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`${label} must be a calendar date in the form YYYY-MM-DD.`);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Moves a Saturday or Sunday to the following Monday: clinics book office visits on weekdays. */
export function nextWeekday(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 6 ? addDays(date, 2) : day === 0 ? addDays(date, 1) : date;
}

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 4, 2026": written by hand because toLocaleDateString depends on the machine's ICU data. */
export function humanDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

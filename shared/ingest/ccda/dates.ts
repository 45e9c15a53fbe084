/**
 * HL7 v3 timestamps (TS: YYYYMMDDHHMMSS.UUUU±ZZZZ, any prefix of it) to FHIR date and dateTime. Precision is kept
 * as far as FHIR allows: FHIR needs seconds and a zone once there is a time, so a time without a zone is dropped to
 * its date rather than guessed.
 */
import type { XmlElement } from '../xml';
import { path } from '../xml';

const TS = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(\.\d+)?)?(?:([+-])(\d{2})(\d{2})?)?$/;

function validDay(year: number, month: number, day: number): boolean {
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** FHIR dateTime for an HL7 TS value, or undefined when the value is absent or not a timestamp. */
export function toFhirDateTime(value: string | undefined): string | undefined {
  const m = value?.trim().match(TS);
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, sign, zh, zm] = m;
  const year = Number(y);
  if (year < 1) return undefined;
  if (!mo) return y;
  if (Number(mo) < 1 || Number(mo) > 12) return undefined;
  if (!d) return `${y}-${mo}`;
  if (!validDay(year, Number(mo), Number(d))) return undefined;
  const date = `${y}-${mo}-${d}`;
  if (!hh || !sign) return date;
  if (Number(hh) > 23 || Number(mi ?? 0) > 59 || Number(ss ?? 0) > 60 || Number(zh) > 14) return date;
  return `${date}T${hh}:${mi ?? '00'}:${ss ?? '00'}${frac ?? ''}${sign}${zh}:${zm ?? '00'}`;
}

/** FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) for an HL7 TS value: the date as written, no zone conversion. */
export function toFhirDate(value: string | undefined): string | undefined {
  return toFhirDateTime(value)?.slice(0, 10);
}

/** YYYY-MM-DD only when the TS is precise to the day (DocumentFacts wants a full date). */
export function toFullDate(value: string | undefined): string | undefined {
  const date = toFhirDate(value);
  return date && date.length === 10 ? date : undefined;
}

export interface Period { start?: string; end?: string }

/** An IVL_TS or TS effectiveTime as an instant (value, else low) and a period (low/high). */
export function effective(element: XmlElement | undefined): { dateTime?: string; period?: Period } {
  if (!element || element.attrs.nullFlavor) return {};
  const value = toFhirDateTime(element.attrs.value);
  const low = toFhirDateTime(path(element, 'low')?.attrs.value);
  const high = toFhirDateTime(path(element, 'high')?.attrs.value);
  const center = toFhirDateTime(path(element, 'center')?.attrs.value);
  const out: { dateTime?: string; period?: Period } = {};
  const instant = value ?? center ?? low;
  if (instant) out.dateTime = instant;
  if (low || high) out.period = { ...(low ? { start: low } : {}), ...(high ? { end: high } : {}) };
  return out;
}

/** The first effectiveTime child that is an interval or point in time (not a PIVL_TS frequency). */
export function effectiveTimeOf(element: XmlElement | undefined): XmlElement | undefined {
  return element?.children.find((c) => c.name === 'effectiveTime' && !/PIVL|EIVL|SXPR|PPD/.test(c.attrs.type ?? ''));
}

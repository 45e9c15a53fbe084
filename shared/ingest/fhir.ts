/**
 * Reads FHIR R4 JSON and NDJSON safely: strict UTF-8, nesting depth checked before JSON.parse ever sees the text,
 * parse errors reported by line and column, then R4 validation plus the checks validators often skip (empty arrays,
 * id syntax, base64 content). Refusals name locations only, never values from the file.
 */
import { validateR4 } from './r4-validator';
import { type FhirResource, RejectedFileError } from './types';

/** Deeper than any real FHIR resource (Synthea and US Core examples stay under 15) and shallow enough to be safe. */
export const MAX_JSON_DEPTH = 64;

/** Bundle types whose entries are a patient's data; 'history' and 'message' are for servers, not uploads. */
const ACCEPTED_BUNDLE_TYPES = new Set(['transaction', 'batch', 'collection', 'document', 'searchset', 'transaction-response', 'batch-response']);

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

/** One top-level resource read from the file, with the NDJSON line it came from. */
export interface ParsedFhir {
  resource: FhirResource;
  /** 1-based line number (NDJSON only). */
  line?: number;
}

/** Decodes strictly (a stray byte is refused, not replaced) and drops a leading byte-order mark. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new RejectedFileError('invalid-encoding', `The ${what} is not valid UTF-8 text. Export it again as UTF-8 and upload that file.`);
  }
}

/**
 * Maximum nesting of objects and arrays outside strings. Runs before JSON.parse so that a file of 100,000 nested
 * arrays is refused in linear time instead of being handed to a recursive parser and every walker after it.
 */
export function checkJsonDepth(text: string, where = ''): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new RejectedFileError('too-deep', `The JSON${where} is nested more than ${MAX_JSON_DEPTH} levels deep; no health record needs that, so it is refused.`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** V8's grammar descriptions that quote nothing from the input; anything else is replaced by a generic phrase. */
const SAFE_JSON_ERRORS = /^(Expected [^"]*?|Unterminated string|Bad control character in string literal|Bad escaped character|Unexpected end of JSON input|Unexpected non-whitespace character after JSON|Exponent part is missing a number|Unterminated fractional number|No number after minus sign)(?= in JSON| at|$)/;

/** Parses JSON; a syntax error becomes 'malformed' with the line and column (of the file, for NDJSON). */
export function parseJson(text: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : '';
    const position = raw.match(/at position (\d+)/)?.[1];
    const what = raw.match(SAFE_JSON_ERRORS)?.[1] ?? 'Unexpected character';
    let where = '';
    let location: string | undefined;
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = lineOffset + before.split('\n').length;
      const column = Number(position) - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
      location = `line ${line}, column ${column}`;
    } else if (lineOffset > 0) {
      where = ` on line ${lineOffset + 1}`;
      location = `line ${lineOffset + 1}`;
    }
    throw new RejectedFileError('malformed', `The file is not valid JSON${where} (${what}). Export it again from the source system.`, location);
  }
}

/**
 * What validators commonly let through: empty arrays (FHIR forbids them: an absent element is omitted), resource ids
 * outside the R4 id syntax, and base64 that is not base64. Returns the first problem's location and sentence.
 */
function findStructuralProblem(value: unknown, location: string): { location: string; message: string } | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return { location, message: `${location} is an empty list; FHIR requires an element with no values to be left out.` };
    for (let i = 0; i < value.length; i++) {
      const found = findStructuralProblem(value[i], `${location}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  // Only resources (Bundle entries, contained, the root) follow the id rule; element ids are free strings.
  if (typeof record.resourceType === 'string' && 'id' in record && (typeof record.id !== 'string' || !ID_PATTERN.test(record.id))) {
    return { location: `${location}.id`, message: `${location}.id is not a valid FHIR id (1 to 64 letters, digits, "-" or ".").` };
  }
  for (const [key, child] of Object.entries(record)) {
    const found = findStructuralProblem(child, `${location}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function refuse(problem: { location: string; message: string }, line?: number): never {
  if (line === undefined) throw new RejectedFileError('invalid-fhir', `The FHIR content is not valid R4: ${problem.message}`, problem.location);
  throw new RejectedFileError('invalid-fhir', `Line ${line} is not valid FHIR R4: ${problem.message}`, `line ${line}, ${problem.location}`);
}

/** Checks one parsed top-level value as a FHIR resource (a Bundle with its entries); throws 'invalid-fhir'. */
export function checkFhirResource(value: unknown, line?: number): FhirResource {
  if (Array.isArray(value)) refuse({ location: '(root)', message: 'the file is a JSON list, not a FHIR resource or Bundle.' }, line);
  if (value === null || typeof value !== 'object') refuse({ location: '(root)', message: 'the file holds a single JSON value, not a FHIR resource.' }, line);
  const resource = value as FhirResource;
  if (typeof resource.resourceType !== 'string' || !/^[A-Z][A-Za-z]+$/.test(resource.resourceType)) {
    refuse({ location: '(root).resourceType', message: 'there is no resourceType, so this is not a FHIR resource.' }, line);
  }
  const type = resource.resourceType;
  if (type === 'Bundle') {
    if (resource.type === undefined) refuse({ location: 'Bundle.type', message: 'Bundle.type is missing; a Bundle must say what kind it is (for example collection or transaction).' }, line);
    if (typeof resource.type !== 'string' || !ACCEPTED_BUNDLE_TYPES.has(resource.type)) {
      throw new RejectedFileError(
        'unsupported-type',
        `The Bundle's type is not one the portal accepts (${[...ACCEPTED_BUNDLE_TYPES].join(', ')}).`,
        line === undefined ? 'Bundle.type' : `line ${line}, Bundle.type`,
      );
    }
  }
  const structural = findStructuralProblem(resource, type);
  if (structural) refuse(structural, line);
  const problem = validateR4(resource);
  if (problem) refuse(problem, line);
  return resource;
}

/** Reads a FHIR JSON file (one resource or a Bundle). */
export function readFhirJson(bytes: Uint8Array): ParsedFhir[] {
  const text = decodeUtf8(bytes, 'JSON file');
  checkJsonDepth(text);
  return [{ resource: checkFhirResource(parseJson(text)) }];
}

/** Reads FHIR NDJSON (bulk-data export): one resource per line, blank lines allowed; errors name the line. */
export function readFhirNdjson(bytes: Uint8Array): ParsedFhir[] {
  const text = decodeUtf8(bytes, 'NDJSON file');
  const out: ParsedFhir[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    checkJsonDepth(line, ` on line ${i + 1}`);
    out.push({ resource: checkFhirResource(parseJson(line, i), i + 1), line: i + 1 });
  }
  return out;
}

/**
 * Turns parsed FHIR (Bundles, single resources, NDJSON lines) into a flat set of resources that stand on their own in
 * the patient's record: stable ids, references rewritten to `Type/id` of resources in the same file, provenance in
 * meta.source. Their de-duplication keys are made in identity.ts, shared with the C-CDA path.
 */
import { createHash } from 'node:crypto';
import type { ParsedFhir } from './fhir';
import type { DocumentFacts, FhirResource } from './types';

/** Every item links to the document it came from through meta.source (a URI, as FHIR requires). */
export function documentSource(documentId: string): string {
  return `urn:portal:document:${documentId}`;
}

/** A resource of the file after normalisation, with where it was in the file (for warnings). */
export interface NormalizedEntry {
  resource: FhirResource;
  /** `Type/id` after normalisation. */
  ref: string;
  /** FHIRPath-like location in the file, e.g. "Bundle.entry[3].resource" or "line 4: AllergyIntolerance". */
  location: string;
}

/** The normalised file: every resource (items and the ones they reference), and what could not be resolved. */
export interface NormalizedFile {
  entries: NormalizedEntry[];
  /** Every resource by its new `Type/id`. */
  byRef: Map<string, FhirResource>;
  /** The Patient resources the file names (not items: the record is the patient's own). */
  patients: FhirResource[];
  /** The Composition of a document Bundle, for the title and author. */
  composition?: FhirResource;
  warnings: string[];
}

interface RawEntry {
  resource: FhirResource;
  fullUrl?: string;
  location: string;
  /** Key for a deterministic id when the resource has none. */
  origin: string;
}

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;
/** Bundle entries that are not data: a searchset's OperationOutcome, the answers of a transaction-response. */
const NOT_DATA = new Set(['OperationOutcome', 'Bundle']);

function flatten(parsed: ParsedFhir[]): RawEntry[] {
  const raw: RawEntry[] = [];
  for (const { resource, line } of parsed) {
    const where = line === undefined ? '' : `line ${line}: `;
    if (resource.resourceType !== 'Bundle') {
      raw.push({ resource, location: `${where}${resource.resourceType}`, origin: line === undefined ? 'root' : `line ${line}` });
      continue;
    }
    const entries = (resource.entry as { fullUrl?: string; resource?: FhirResource }[] | undefined) ?? [];
    entries.forEach((entry, index) => {
      // Transaction DELETEs and response entries carry no resource.
      if (!entry.resource) return;
      if (NOT_DATA.has(entry.resource.resourceType)) return;
      const location = `${where}Bundle.entry[${index}].resource`;
      raw.push({ resource: structuredClone(entry.resource), fullUrl: entry.fullUrl, location, origin: entry.fullUrl ?? `${where}entry ${index}` });
    });
  }
  return raw;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Deterministic id for a resource without one: same document and same fullUrl always give the same id. */
export function derivedId(documentId: string, origin: string): string {
  return sha256(`${documentId}|${origin}`).slice(0, 32);
}

/** `Type/id` from a relative or absolute RESTful URL, without any `_history` version. */
function restfulTail(reference: string): string | undefined {
  const match = reference.match(/(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** Base URL of an absolute RESTful fullUrl (".../Observation/123" gives "..."), for resolving relative references. */
function baseOf(fullUrl: string | undefined): string | undefined {
  const match = fullUrl?.match(/^(https?:\/\/.+)\/[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/);
  return match?.[1];
}

/** A person-readable name for a referenced resource, to inline as Reference.display. */
export function displayName(resource: FhirResource): string | undefined {
  const r = resource as Record<string, any>;
  switch (resource.resourceType) {
    case 'Patient':
    case 'Practitioner':
    case 'RelatedPerson':
    case 'Person': {
      const name = (r.name as Record<string, any>[] | undefined)?.find((n) => n.use === 'official') ?? r.name?.[0];
      if (!name) return undefined;
      if (typeof name.text === 'string') return name.text;
      const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family, ...(name.suffix ?? [])].filter((p) => typeof p === 'string' && p);
      return parts.length ? parts.join(' ') : undefined;
    }
    case 'Organization':
    case 'Location':
    case 'HealthcareService':
    case 'Endpoint':
    case 'Group':
      return typeof r.name === 'string' ? r.name : undefined;
    case 'PractitionerRole':
      return r.practitioner?.display ?? r.code?.[0]?.text ?? r.code?.[0]?.coding?.[0]?.display;
    case 'Medication':
      return r.code?.text ?? r.code?.coding?.[0]?.display;
    case 'Device':
      return r.deviceName?.[0]?.name ?? r.type?.text ?? r.type?.coding?.[0]?.display;
    default:
      return undefined;
  }
}

type Reference = { reference?: string; display?: string; identifier?: unknown; type?: string };

/** Calls visit for every Reference (an object with a string `reference`) inside value, with its path. */
function forEachReference(value: unknown, path: string, visit: (ref: Reference, path: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => forEachReference(item, `${path}[${i}]`, visit));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.reference === 'string') visit(record as Reference, path);
  for (const [key, child] of Object.entries(record)) {
    if (key === 'reference') continue;
    forEachReference(child, `${path}.${key}`, visit);
  }
}

/** Does the resource carry an identifier matching a conditional reference's `identifier=[system|]value`? */
function hasIdentifier(resource: FhirResource, token: string): boolean {
  const bar = token.indexOf('|');
  const system = bar >= 0 ? token.slice(0, bar) : undefined;
  const value = bar >= 0 ? token.slice(bar + 1) : token;
  const identifiers = (resource.identifier as { system?: string; value?: string }[] | undefined) ?? [];
  return identifiers.some((id) => id.value === value && (system === undefined || system === '' ? true : id.system === system));
}

/**
 * Normalises the parsed file: flattens Bundles, gives every resource a stable id, resolves references (fullUrl,
 * relative, absolute, conditional) to `Type/id`, inlines display names of referenced resources, and stamps
 * meta.source. References that point outside the file keep only their display text and are reported as warnings.
 */
export function normalizeFhir(parsed: ParsedFhir[], documentId: string): NormalizedFile {
  const raw = flatten(parsed);
  const warnings: string[] = [];

  // Stable ids first: every later step speaks in terms of the new `Type/id`.
  const taken = new Set<string>();
  const newRef = new Map<RawEntry, string>();
  for (const entry of raw) {
    const type = entry.resource.resourceType;
    const own = typeof entry.resource.id === 'string' && ID_PATTERN.test(entry.resource.id) ? entry.resource.id : undefined;
    const id = own && !taken.has(`${type}/${own}`) ? own : derivedId(documentId, entry.origin);
    taken.add(`${type}/${id}`);
    newRef.set(entry, `${type}/${id}`);
  }

  const byFullUrl = new Map<string, RawEntry>();
  const byOriginalRef = new Map<string, RawEntry>();
  const byType = new Map<string, RawEntry[]>();
  for (const entry of raw) {
    if (entry.fullUrl) byFullUrl.set(entry.fullUrl, entry);
    const type = entry.resource.resourceType;
    if (typeof entry.resource.id === 'string' && !byOriginalRef.has(`${type}/${entry.resource.id}`)) byOriginalRef.set(`${type}/${entry.resource.id}`, entry);
    byType.set(type, [...(byType.get(type) ?? []), entry]);
  }

  const resolve = (reference: string, from: RawEntry): RawEntry | undefined => {
    const exact = byFullUrl.get(reference);
    if (exact) return exact;
    const query = reference.match(/^([A-Z][A-Za-z]+)\?(.+)$/);
    if (query) {
      const params = new URLSearchParams(query[2]);
      let candidates = byType.get(query[1]!) ?? [];
      for (const [name, value] of params) {
        if (name === 'identifier') candidates = candidates.filter((c) => hasIdentifier(c.resource, value));
        else if (name === '_id') candidates = candidates.filter((c) => c.resource.id === value);
        // Other search parameters would need a search engine; such a reference stays unresolved.
        else return undefined;
      }
      return candidates.length === 1 ? candidates[0] : undefined;
    }
    const tail = restfulTail(reference);
    if (!tail) return undefined;
    if (/^[a-z]+:/i.test(reference)) {
      // An absolute URL counts only when it is one of the file's own fullUrls (possibly with a version).
      return byFullUrl.get(reference.replace(/\/_history\/[^/]+$/, ''));
    }
    const base = baseOf(from.fullUrl);
    return (base ? byFullUrl.get(`${base}/${tail}`) : undefined) ?? byOriginalRef.get(tail);
  };

  const unresolved = new Map<string, number>();
  const entries: NormalizedEntry[] = [];
  const byRef = new Map<string, FhirResource>();
  for (const entry of raw) {
    const ref = newRef.get(entry)!;
    const resource = entry.resource;
    resource.id = ref.slice(ref.indexOf('/') + 1);
    forEachReference(resource, resource.resourceType, (reference, path) => {
      const target = reference.reference!;
      // Contained references point inside the resource itself and stay valid as they are.
      if (target.startsWith('#')) return;
      const found = resolve(target, entry);
      if (found) {
        reference.reference = newRef.get(found)!;
        if (!reference.display) {
          const name = displayName(found.resource);
          if (name) reference.display = name;
        }
        return;
      }
      delete reference.reference;
      if (!reference.display && reference.identifier === undefined) reference.display = 'Not included in the uploaded file';
      const pattern = path.replace(/\[\d+\]/g, '');
      unresolved.set(pattern, (unresolved.get(pattern) ?? 0) + 1);
    });
    resource.meta = { ...((resource.meta as Record<string, unknown> | undefined) ?? {}), source: documentSource(documentId) };
    entries.push({ resource, ref, location: entry.location });
    byRef.set(ref, resource);
  }
  for (const [pattern, count] of unresolved) {
    warnings.push(
      count === 1
        ? `A reference at ${pattern} points to something that is not in this file; it is kept as text only.`
        : `${count} references at ${pattern} point to things that are not in this file; they are kept as text only.`,
    );
  }
  const patients = entries.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource);
  if (patients.length > 1) warnings.push(`The file describes ${patients.length} patients; check that it belongs to this patient only.`);
  const composition = entries.find((e) => e.resource.resourceType === 'Composition')?.resource;
  return { entries, byRef, patients, composition, warnings };
}

/**
 * Collapses resources with the same key to the first one, and points references to a dropped duplicate at the one
 * that was kept, so nothing in the file is left referring to a resource that is not stored.
 */
export function collapseDuplicates<T extends { dedupeKey: string; resource: FhirResource }>(items: T[]): T[] {
  const firstByKey = new Map<string, T>();
  const replaced = new Map<string, string>();
  for (const item of items) {
    const kept = firstByKey.get(item.dedupeKey);
    if (kept) replaced.set(`${item.resource.resourceType}/${item.resource.id}`, `${kept.resource.resourceType}/${kept.resource.id}`);
    else firstByKey.set(item.dedupeKey, item);
  }
  const out = [...firstByKey.values()];
  if (replaced.size) {
    for (const item of out) {
      forEachReference(item.resource, item.resource.resourceType, (reference) => {
        const to = replaced.get(reference.reference!);
        if (to) reference.reference = to;
      });
    }
  }
  return out;
}

/** The patient as the file names them, for a staff warning when it does not match the registration. */
export function patientFacts(patient: FhirResource | undefined): DocumentFacts['patient'] {
  if (!patient) return undefined;
  const r = patient as Record<string, any>;
  const name = (r.name as Record<string, any>[] | undefined)?.find((n) => n.use === 'official') ?? r.name?.[0];
  const givenName = Array.isArray(name?.given) ? (name.given as string[]).join(' ') : undefined;
  const familyName = typeof name?.family === 'string' ? name.family : undefined;
  const birthDate = typeof r.birthDate === 'string' ? r.birthDate : undefined;
  return { ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}), ...(birthDate ? { birthDate } : {}) };
}

/**
 * What every section mapper shares while one document is mapped: the narrative, the warnings, and the one place
 * that gives resources their id, provenance and de-duplication key, so those rules cannot drift between sections.
 */
import { createHash } from 'node:crypto';
import type { DataClass, ExtractedResource, FhirResource } from '../types';
import type { XmlElement } from '../xml';
import { childrenNamed } from '../xml';
import { clean } from './codes';
import { Narrative } from './narrative';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Short stable hash (hex) of any JSON-able value. */
export function stableHash(value: unknown, length = 32): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, length);
}

/** `root|extension` (or `root`) of the first usable II; UUID roots lower-cased because UUIDs ignore case. */
export function instanceIdentifier(element: XmlElement | undefined): string | undefined {
  for (const id of childrenNamed(element, 'id')) {
    if (id.attrs.nullFlavor) continue;
    const root = clean(id.attrs.root);
    if (!root) continue;
    const normalised = UUID.test(root) ? root.toLowerCase() : root;
    const extension = clean(id.attrs.extension);
    return extension ? `${normalised}|${extension}` : normalised;
  }
  return undefined;
}

export interface Emit {
  dataClass: DataClass;
  /** The resource without id and meta: those are set here. */
  resource: FhirResource;
  /** The C-CDA act whose `id` identifies the item, if it has one. */
  source?: XmlElement;
  /** Appended to the entry id when one C-CDA act yields a resource of its own kind (e.g. the BP panel). */
  sourceSuffix?: string;
  /** Clinically meaningful content (code, date, value) for the content key when the source has no usable id. */
  content: unknown[];
  /** Where in the document, for warnings (never content). */
  location: string;
}

export class MapContext {
  readonly narrative: Narrative;
  readonly warnings: string[] = [];
  readonly resources: ExtractedResource[] = [];
  private readonly keys = new Set<string>();
  private readonly ids = new Set<string>();

  constructor(root: XmlElement, readonly documentId: string) {
    this.narrative = new Narrative(root);
  }

  get metaSource(): string {
    return `urn:portal:document:${this.documentId}`;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /**
   * Adds a resource with its deterministic id, meta.source and source key (entry id, else content); returns the id.
   * ingest.ts then gives it the clinical key shared with FHIR where it has one (identity.ts); the id stays derived
   * from the source key, so it does not change when another entry of the document shares the clinical key.
   */
  emit(input: Emit): string {
    const type = input.resource.resourceType;
    const contentKey = `${type}|sha256:${stableHash([type, ...input.content])}`;
    const entryId = instanceIdentifier(input.source);
    let dedupeKey = entryId ? `${type}|${entryId}${input.sourceSuffix ? `|${input.sourceSuffix}` : ''}` : contentKey;
    if (this.keys.has(dedupeKey) && dedupeKey !== contentKey) {
      // Sample and vendor files reuse one id for different entries; keying by it would merge different facts.
      this.warn(`${input.location}: the entry id is also used by another entry of this document, so it is identified by its content instead.`);
      dedupeKey = contentKey;
    }
    this.keys.add(dedupeKey);
    const base = `ccda-${stableHash([this.documentId, dedupeKey])}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    const { resourceType, ...rest } = input.resource;
    const resource: FhirResource = { resourceType, id, meta: { source: this.metaSource }, ...rest };
    this.resources.push({ dataClass: input.dataClass, dedupeKey, resource });
    return id;
  }
}

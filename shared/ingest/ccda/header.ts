/** The C-CDA header read into DocumentFacts: title, clinical date, author and the patient as the document names them. */
import type { DocumentFacts } from '../types';
import type { XmlElement } from '../xml';
import { childrenNamed, path } from '../xml';
import { clean } from './codes';
import { toFullDate } from './dates';
import { personName } from './sections/common';

function patientName(patient: XmlElement | undefined): { givenName?: string; familyName?: string } {
  const names = childrenNamed(patient, 'name');
  // The legal name (use="L") is the one to compare with the registration; otherwise the first one given.
  const name = names.find((n) => (n.attrs.use ?? '').split(/\s+/).includes('L')) ?? names[0];
  // Call-me names (qualifier CL) are not part of the legal name.
  const given = childrenNamed(name, 'given').filter((g) => g.attrs.qualifier !== 'CL').map((g) => clean(g.text)).filter(Boolean);
  const family = childrenNamed(name, 'family').map((f) => clean(f.text)).filter(Boolean);
  return { ...(given.length ? { givenName: given.join(' ') } : {}), ...(family.length ? { familyName: family.join(' ') } : {}) };
}

function authorLabel(author: XmlElement): string | undefined {
  const assigned = path(author, 'assignedAuthor');
  const person = personName(path(assigned, 'assignedPerson', 'name'));
  const organization = clean(path(assigned, 'representedOrganization', 'name')?.text);
  const parts = [person, organization].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

/** Reads the header of a ClinicalDocument. */
export function readFacts(root: XmlElement): DocumentFacts {
  const facts: DocumentFacts = {};
  const title = clean(path(root, 'title')?.text);
  if (title) facts.title = title;
  const date = toFullDate(path(root, 'effectiveTime')?.attrs.value);
  if (date) facts.date = date;
  const author = childrenNamed(root, 'author').map(authorLabel).find(Boolean);
  if (author) facts.author = author;
  const patient = path(root, 'recordTarget', 'patientRole', 'patient');
  if (patient) {
    const birthDate = toFullDate(path(patient, 'birthTime')?.attrs.value);
    const named = { ...patientName(patient), ...(birthDate ? { birthDate } : {}) };
    if (Object.keys(named).length) facts.patient = named;
  }
  return facts;
}

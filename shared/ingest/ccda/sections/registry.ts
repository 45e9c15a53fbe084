/**
 * Which section is which. Sections are recognised by their LOINC code, and by templateId when the code is missing
 * or local; the template lists cover C-CDA R2.1 and R1.1 ("entries optional" and "required") and the older CCD 1.0,
 * HITSP C32/C83 and IHE PCC templates still found in vendor exports.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { templateIds } from './common';

export type SectionKind =
  | 'problems' | 'medications' | 'allergies' | 'results' | 'vital-signs' | 'immunizations' | 'procedures' | 'encounters'
  | 'plan-of-treatment' | 'goals' | 'health-concerns' | 'assessment' | 'assessment-and-plan' | 'care-team';

const SECTIONS: { kind: SectionKind; loinc: string[]; templates: string[] }[] = [
  { kind: 'problems', loinc: ['11450-4'], templates: ['2.16.840.1.113883.10.20.22.2.5.1', '2.16.840.1.113883.10.20.22.2.5', '2.16.840.1.113883.10.20.1.11', '2.16.840.1.113883.3.88.11.83.103', '1.3.6.1.4.1.19376.1.5.3.1.3.6'] },
  {
    kind: 'medications',
    // Medications, admission medications, discharge medications (both codes), medications administered.
    loinc: ['10160-0', '42346-7', '10183-2', '75311-1', '29549-3'],
    templates: ['2.16.840.1.113883.10.20.22.2.1.1', '2.16.840.1.113883.10.20.22.2.1', '2.16.840.1.113883.10.20.1.8', '2.16.840.1.113883.3.88.11.83.112', '1.3.6.1.4.1.19376.1.5.3.1.3.19',
      '2.16.840.1.113883.10.20.22.2.44', '2.16.840.1.113883.10.20.22.2.11.1', '2.16.840.1.113883.10.20.22.2.11', '2.16.840.1.113883.10.20.22.2.38'],
  },
  { kind: 'allergies', loinc: ['48765-2'], templates: ['2.16.840.1.113883.10.20.22.2.6.1', '2.16.840.1.113883.10.20.22.2.6', '2.16.840.1.113883.10.20.1.2', '2.16.840.1.113883.3.88.11.83.102', '1.3.6.1.4.1.19376.1.5.3.1.3.13'] },
  { kind: 'results', loinc: ['30954-2'], templates: ['2.16.840.1.113883.10.20.22.2.3.1', '2.16.840.1.113883.10.20.22.2.3', '2.16.840.1.113883.10.20.1.14', '2.16.840.1.113883.3.88.11.83.122', '1.3.6.1.4.1.19376.1.5.3.1.3.28'] },
  { kind: 'vital-signs', loinc: ['8716-3'], templates: ['2.16.840.1.113883.10.20.22.2.4.1', '2.16.840.1.113883.10.20.22.2.4', '2.16.840.1.113883.10.20.1.16', '2.16.840.1.113883.3.88.11.83.119', '1.3.6.1.4.1.19376.1.5.3.1.3.25', '1.3.6.1.4.1.19376.1.5.3.1.1.5.3.2'] },
  { kind: 'immunizations', loinc: ['11369-6'], templates: ['2.16.840.1.113883.10.20.22.2.2.1', '2.16.840.1.113883.10.20.22.2.2', '2.16.840.1.113883.10.20.1.6', '2.16.840.1.113883.3.88.11.83.117', '1.3.6.1.4.1.19376.1.5.3.1.3.23'] },
  { kind: 'procedures', loinc: ['47519-4'], templates: ['2.16.840.1.113883.10.20.22.2.7.1', '2.16.840.1.113883.10.20.22.2.7', '2.16.840.1.113883.10.20.1.12', '2.16.840.1.113883.3.88.11.83.108', '1.3.6.1.4.1.19376.1.5.3.1.3.12'] },
  { kind: 'encounters', loinc: ['46240-8'], templates: ['2.16.840.1.113883.10.20.22.2.22.1', '2.16.840.1.113883.10.20.22.2.22', '2.16.840.1.113883.10.20.1.3', '2.16.840.1.113883.3.88.11.83.127', '1.3.6.1.4.1.19376.1.5.3.1.1.5.3.3'] },
  { kind: 'plan-of-treatment', loinc: ['18776-5'], templates: ['2.16.840.1.113883.10.20.22.2.10', '2.16.840.1.113883.10.20.1.10', '1.3.6.1.4.1.19376.1.5.3.1.3.31'] },
  { kind: 'goals', loinc: ['61146-7'], templates: ['2.16.840.1.113883.10.20.22.2.60'] },
  { kind: 'health-concerns', loinc: ['75310-3'], templates: ['2.16.840.1.113883.10.20.22.2.58'] },
  { kind: 'assessment', loinc: ['51848-0'], templates: ['2.16.840.1.113883.10.20.22.2.8'] },
  { kind: 'assessment-and-plan', loinc: ['51847-2'], templates: ['2.16.840.1.113883.10.20.22.2.9', '1.3.6.1.4.1.19376.1.5.3.1.1.13.2.5'] },
  { kind: 'care-team', loinc: ['85847-2'], templates: ['2.16.840.1.113883.10.20.22.2.500'] },
];

const LOINC_OID = '2.16.840.1.113883.6.1';

/**
 * The portal's own section template (a UUID root: no HL7 template fits): the correction requests a portal export
 * carries with the record. It is an account of requests about the record, not clinical content, so the reader skips
 * it rather than keeping it as a note of whoever uploads the file.
 */
export const PORTAL_CORRECTIONS_TEMPLATE = '5C0F3E2A-8B1D-4E6F-9A27-3D4B5C6E7F80';

export const isPortalCorrectionsSection = (section: XmlElement) => templateIds(section).includes(PORTAL_CORRECTIONS_TEMPLATE);

/** The kind of a section, or undefined for sections kept only as narrative. */
export function sectionKind(section: XmlElement): SectionKind | undefined {
  const code = path(section, 'code');
  const loinc = code && (!code.attrs.codeSystem || code.attrs.codeSystem === LOINC_OID) ? code.attrs.code : undefined;
  const byCode = loinc ? SECTIONS.find((s) => s.loinc.includes(loinc)) : undefined;
  if (byCode) return byCode.kind;
  const templates = templateIds(section);
  return SECTIONS.find((s) => s.templates.some((t) => templates.includes(t)))?.kind;
}

/** A location label for warnings: the section's code (or position), never its title or content. */
export function sectionLocation(section: XmlElement, position: string): string {
  const code = path(section, 'code')?.attrs.code?.replace(/[^A-Za-z0-9.-]/g, '');
  return code ? `section ${code}` : `section ${position}`;
}

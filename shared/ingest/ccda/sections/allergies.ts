/**
 * Allergies (48765-2) to US Core AllergyIntolerance. The allergy concern act (4.30) wraps allergy observations (4.7);
 * the substance is the participant's playingEntity (C-CDA, HITSP C32), or the observation value where IHE put it.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { clean, codeIn, type CodeableConcept, concept, SYSTEM } from '../codes';
import { effective, effectiveTimeOf, toFhirDateTime } from '../dates';
import { type SectionInput, entryLocation, entryStatements, hasTemplate, isNegated, related, statusOf } from './common';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
/** Allergy Status observation values (SNOMED). */
const STATUS_VALUES: Record<string, string> = { '55561003': 'active', '73425007': 'inactive', '413322009': 'resolved' };
/** "No known allergy" findings: the list is known to be empty, there is nothing to show. */
const NO_ALLERGY_CODES = new Set(['716186003', '409137002', '429625007', '428607008', '428197003', '1003774007', '1003776009']);
/** Allergy/intolerance type findings (SNOMED), each with its FHIR type and category. */
const TYPES: Record<string, { type?: 'allergy' | 'intolerance'; category?: 'medication' | 'food' | 'environment' }> = {
  '419199007': { type: 'allergy' },
  '416098002': { type: 'allergy', category: 'medication' },
  '414285001': { type: 'allergy', category: 'food' },
  '426232007': { type: 'allergy', category: 'environment' },
  '59037007': { type: 'intolerance', category: 'medication' },
  '235719002': { type: 'intolerance', category: 'food' },
  '420134006': {},
  '418038007': {},
  '419511003': { category: 'medication' },
  '418471000': { category: 'food' },
  '418634005': { type: 'allergy' },
  '782197009': { type: 'intolerance' },
};
/** Severity observation values (SNOMED) to FHIR reaction severity. */
const SEVERITY: Record<string, 'mild' | 'moderate' | 'severe'> = {
  '255604002': 'mild', '371923003': 'moderate', '6736007': 'moderate', '371924009': 'severe', '24484000': 'severe', '399166001': 'severe',
};
const CRITICALITY: Record<string, string> = { CRITL: 'low', CRITH: 'high', CRITU: 'unable-to-assess' };
const STATUS_TEMPLATES = ['2.16.840.1.113883.10.20.22.4.28', '2.16.840.1.113883.10.20.1.39'];
const SEVERITY_TEMPLATES = ['2.16.840.1.113883.10.20.22.4.8', '2.16.840.1.113883.10.20.1.55'];

function isSeverity(o: XmlElement): boolean {
  return hasTemplate(o, ...SEVERITY_TEMPLATES) || path(o, 'code')?.attrs.code === 'SEV';
}

function severityOf(observation: XmlElement): 'mild' | 'moderate' | 'severe' | undefined {
  const sev = related(observation, 'SUBJ').find(isSeverity);
  const code = codeIn(path(sev, 'value'), SYSTEM.snomed);
  return code ? SEVERITY[code] : undefined;
}

function allergyObservations(statement: XmlElement): XmlElement[] {
  if (statement.name === 'observation') return [statement];
  if (statement.name !== 'act') return [];
  return related(statement, 'SUBJ').filter((o) => o.name === 'observation' && !isSeverity(o) && !hasTemplate(o, ...STATUS_TEMPLATES));
}

function substance(observation: XmlElement, input: SectionInput): CodeableConcept | undefined {
  const { narrative } = input.ctx;
  const entity = path(observation, 'participant', 'participantRole', 'playingEntity');
  const fromEntity = concept(path(entity, 'code'), narrative);
  const name = clean(path(entity, 'name')?.text);
  if (fromEntity) return name && !fromEntity.text ? { ...fromEntity, text: name } : fromEntity;
  if (name) return { text: name };
  // IHE PCC put the substance in the value; a value that is only an allergy-type finding is not a substance.
  const value = concept(path(observation, 'value'), narrative);
  const typeOnly = value?.coding?.every((c) => c.system === SYSTEM.snomed && c.code in TYPES);
  return value && !typeOnly ? value : undefined;
}

/** Maps the Allergies section's entries to AllergyIntolerance resources. */
export function mapAllergies(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const concernStatus = statement.name === 'act' ? statusOf(statement) : undefined;
    const observations = allergyObservations(statement);
    observations.forEach((observation, n) => {
      const where = `${entryLocation(location, index)}${observations.length > 1 ? `, observation ${n + 1}` : ''}`;
      if (isNegated(observation) || isNegated(statement)) return;
      const valueCodes = [path(observation, 'value'), path(observation, 'code')].map((e) => codeIn(e, SYSTEM.snomed)).filter((c): c is string => !!c);
      if (valueCodes.some((c) => NO_ALLERGY_CODES.has(c))) return;
      const code = substance(observation, input);
      if (!code) {
        const entityCode = path(observation, 'participant', 'participantRole', 'playingEntity', 'code');
        if (!entityCode?.attrs.nullFlavor) ctx.warn(`${where}: an allergy without a substance code or text was skipped.`);
        return;
      }
      if (code.coding?.some((c) => c.system === SYSTEM.snomed && NO_ALLERGY_CODES.has(c.code))) return;
      const kind = valueCodes.map((c) => TYPES[c]).find(Boolean) ?? {};
      const category = kind.category ?? (code.coding?.some((c) => /rxnorm|ndc/.test(c.system)) ? 'medication' : undefined);
      const statusObs = related(observation).find((o) => hasTemplate(o, ...STATUS_TEMPLATES) || path(o, 'code')?.attrs.code === '33999-4');
      const statusCode = codeIn(path(statusObs, 'value'), SYSTEM.snomed);
      const time = effective(effectiveTimeOf(observation));
      const clinical = (statusCode && STATUS_VALUES[statusCode])
        ?? (time.period?.end ? 'resolved' : concernStatus === 'active' ? 'active' : concernStatus === 'completed' || concernStatus === 'suspended' ? 'inactive' : 'active');
      const reactions = related(observation, 'MFST')
        .map((r) => {
          const manifestation = concept(path(r, 'value'), ctx.narrative);
          if (!manifestation || isNegated(r)) return undefined;
          const severity = severityOf(r);
          const onset = effective(effectiveTimeOf(r));
          return { manifestation: [manifestation], ...(severity ? { severity } : {}), ...(onset.period?.start ?? onset.dateTime ? { onset: onset.period?.start ?? onset.dateTime } : {}) };
        })
        .filter((r) => !!r);
      // C-CDA R1.1 put severity on the allergy itself; FHIR only has it per reaction.
      const allergySeverity = severityOf(observation);
      if (allergySeverity) for (const r of reactions) r.severity ??= allergySeverity;
      const criticalityObs = related(observation, 'SUBJ').find((o) => hasTemplate(o, '2.16.840.1.113883.10.20.22.4.145') || path(o, 'code')?.attrs.code === '82606-5');
      const criticality = CRITICALITY[path(criticalityObs, 'value')?.attrs.code ?? ''];
      const onset = time.period?.start ?? time.dateTime;
      const recorded = toFhirDateTime(path(statement, 'effectiveTime', 'low')?.attrs.value) ?? toFhirDateTime(path(observation, 'author', 'time')?.attrs.value);
      ctx.emit({
        dataClass: 'allergies', source: observation, location: where,
        content: [code.coding ?? code.text, onset, reactions.map((r) => r.manifestation)],
        resource: {
          resourceType: 'AllergyIntolerance',
          clinicalStatus: { coding: [{ system: CLINICAL, code: clinical }] },
          verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] },
          ...(kind.type ? { type: kind.type } : {}),
          ...(category ? { category: [category] } : {}),
          ...(criticality ? { criticality } : {}),
          code,
          ...(onset ? { onsetDateTime: onset } : {}),
          ...(recorded ? { recordedDate: recorded } : {}),
          ...(reactions.length ? { reaction: reactions } : {}),
        },
      });
    });
  }
}

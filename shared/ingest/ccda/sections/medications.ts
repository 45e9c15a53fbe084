/**
 * Medications (10160-0) and the admission, discharge and administered medication sections to US Core shaped
 * MedicationStatement (what the patient takes or took: moodCode EVN) or MedicationRequest (what is intended or
 * ordered: INT, RQO, PRMS, PRP). The Discharge Medication act (4.35) wraps the substanceAdministration it is about.
 */
import type { XmlElement } from '../../xml';
import { path } from '../../xml';
import { clean, type CodeableConcept, concept } from '../codes';
import { effective, effectiveTimeOf, toFhirDateTime } from '../dates';
import { type Quantity, type SectionInput, entryLocation, entryStatements, isNegated, quantity, related, statusOf } from './common';

const STATEMENT_STATUS: Record<string, string> = { active: 'active', completed: 'completed', aborted: 'stopped', suspended: 'on-hold', cancelled: 'not-taken', nullified: 'entered-in-error', new: 'intended', held: 'intended' };
const REQUEST_STATUS: Record<string, string> = { active: 'active', completed: 'completed', aborted: 'stopped', suspended: 'on-hold', cancelled: 'cancelled', nullified: 'entered-in-error', new: 'draft', held: 'draft' };
const PERIOD_UNITS: Record<string, string> = { s: 's', min: 'min', h: 'h', d: 'd', wk: 'wk', mo: 'mo', a: 'a' };
/** SNOMED "no known medications" style statements. */
const NO_MEDICATION_CODES = new Set(['182849000', '408350003', '182904002']);

function administrations(statement: XmlElement): XmlElement[] {
  if (statement.name === 'substanceAdministration') return [statement];
  if (statement.name === 'act') return related(statement, 'SUBJ').filter((s) => s.name === 'substanceAdministration');
  return [];
}

function medicationConcept(administration: XmlElement, input: SectionInput): CodeableConcept | undefined {
  const material = path(administration, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
  const code = concept(path(material, 'code'), input.ctx.narrative);
  const name = clean(path(material, 'name')?.text);
  if (code) return name && !code.text ? { ...code, text: name } : code;
  return name ? { text: name } : undefined;
}

function timing(administration: XmlElement): { period: number; periodUnit: string } | undefined {
  const frequency = administration.children.find((c) => c.name === 'effectiveTime' && /PIVL/.test(c.attrs.type ?? ''));
  const period = path(frequency, 'period');
  const value = Number(period?.attrs.value);
  const unit = PERIOD_UNITS[period?.attrs.unit ?? ''];
  return Number.isFinite(value) && value > 0 && unit ? { period: value, periodUnit: unit } : undefined;
}

function dosage(administration: XmlElement, input: SectionInput) {
  const { narrative } = input.ctx;
  const route = concept(path(administration, 'routeCode'), narrative);
  const unitConcept = concept(path(administration, 'administrationUnitCode'), narrative);
  let dose: Quantity | undefined = quantity(path(administration, 'doseQuantity'));
  if (dose && !dose.unit && unitConcept?.text) dose = { ...dose, unit: unitConcept.text };
  const repeat = timing(administration);
  const asNeeded = administration.children.some((c) => c.name === 'precondition');
  // Free-text sig (4.147) is what the prescriber wrote; the structured parts are a fallback, the row text a last resort.
  const sig = related(administration, 'SUBJ').find((s) => s.name === 'substanceAdministration' && path(s, 'code')?.attrs.code === '76662-6');
  const built = dose || repeat
    ? [dose ? `${dose.value}${dose.unit ? ` ${dose.unit}` : ''}` : '', route?.text ?? route?.coding?.[0]?.display ?? '', repeat ? `every ${repeat.period} ${repeat.periodUnit}` : '', asNeeded ? 'as needed' : '']
      .filter(Boolean).join(', ')
    : undefined;
  const text = (sig && narrative.textOf(sig)) ?? built ?? narrative.textOf(administration);
  const out: Record<string, unknown> = {};
  if (text) out.text = text;
  if (repeat) out.timing = { repeat: { frequency: 1, ...repeat } };
  if (asNeeded) out.asNeededBoolean = true;
  if (route) out.route = route;
  if (dose) out.doseAndRate = [{ doseQuantity: dose }];
  return Object.keys(out).length ? out : undefined;
}

/** Maps a medication section's entries to MedicationStatement / MedicationRequest. */
export function mapMedications(input: SectionInput): void {
  const { section, ctx, location } = input;
  for (const { statement, index } of entryStatements(section)) {
    const list = administrations(statement);
    list.forEach((administration, n) => {
      const where = `${entryLocation(location, index)}${list.length > 1 ? `, medication ${n + 1}` : ''}`;
      // "No medications" is sent as a negated or null-coded entry; it is a statement of absence, not an item.
      if (isNegated(administration)) return;
      const medication = medicationConcept(administration, input);
      if (!medication) {
        const material = path(administration, 'consumable', 'manufacturedProduct', 'manufacturedMaterial', 'code');
        if (!material?.attrs.nullFlavor) ctx.warn(`${where}: a medication without a code or name was skipped.`);
        return;
      }
      if (medication.coding?.some((c) => NO_MEDICATION_CODES.has(c.code))) return;
      const time = effective(effectiveTimeOf(administration));
      const status = statusOf(administration) ?? '';
      const dose = dosage(administration, input);
      const reasons = related(administration, 'RSON').map((r) => concept(path(r, 'value'), ctx.narrative)).filter((c): c is CodeableConcept => !!c);
      const mood = administration.attrs.moodCode ?? 'EVN';
      const content = [medication.coding ?? medication.text, time.period?.start ?? time.dateTime, dose?.text];
      if (mood === 'EVN') {
        ctx.emit({
          dataClass: 'medications', source: administration, location: where, content,
          resource: {
            resourceType: 'MedicationStatement',
            status: STATEMENT_STATUS[status] ?? 'unknown',
            medicationCodeableConcept: medication,
            ...(time.period ? { effectivePeriod: time.period } : time.dateTime ? { effectiveDateTime: time.dateTime } : {}),
            ...(reasons.length ? { reasonCode: reasons } : {}),
            ...(dose ? { dosage: [dose] } : {}),
          },
        });
      } else {
        const authored = toFhirDateTime(path(administration, 'author', 'time')?.attrs.value) ?? time.period?.start ?? time.dateTime;
        ctx.emit({
          dataClass: 'medications', source: administration, location: where, content,
          resource: {
            resourceType: 'MedicationRequest',
            status: REQUEST_STATUS[status] ?? 'unknown',
            intent: mood === 'RQO' ? 'order' : mood === 'PRP' ? 'proposal' : 'plan',
            medicationCodeableConcept: medication,
            ...(authored ? { authoredOn: authored } : {}),
            ...(reasons.length ? { reasonCode: reasons } : {}),
            ...(dose || time.period ? { dosageInstruction: [{ ...(dose ?? {}) }] } : {}),
            ...(time.period ? { dispenseRequest: { validityPeriod: time.period } } : {}),
          },
        });
      }
    });
  }
}

/**
 * Pure presenters: a FHIR R4 resource (US Core shaped) becomes the few plain-language lines a patient reads.
 * They never throw on a resource that lacks an element; whatever is missing is left out.
 */

type Json = Record<string, unknown>;

export interface PresentedDetail {
  label: string;
  value: string;
}

/** A flag shown as text in a badge (never by colour alone). */
export interface PresentedBadge {
  label: string;
  tone: 'alert' | 'info';
}

export interface PresentedItem {
  title: string;
  subtitle?: string;
  /** A FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or a timestamp), as recorded. */
  date?: string;
  status?: string;
  badges: PresentedBadge[];
  details: PresentedDetail[];
}

export type Interpretation = 'High' | 'Low' | 'Abnormal';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown): Json | undefined => (isObject(value) ? value : undefined);

/** "in-progress" → "In progress". */
export function humanize(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A CodeableConcept's text, else the display of its first coding that has one, else its first code. */
export function conceptText(concept: unknown): string | undefined {
  const c = obj(concept);
  if (!c) return undefined;
  const codings = asArray(c.coding).filter(isObject);
  const display = codings.map((coding) => str(coding.display)).find((d) => d !== undefined);
  const text = str(c.text);
  // Some documents put a whole narrative row in the text ("Sinusitis 75498004 J01.90 2026-02-09 Resolved"): a
  // concept's name holds neither its own code nor a date, so the coding's display reads better then.
  if (text && !(display && looksLikeNarrativeRow(text, codings))) return text;
  return display ?? str(codings[0]?.code);
}

function looksLikeNarrativeRow(text: string, codings: Json[]): boolean {
  if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) return true;
  const words = new Set(text.split(/\s+/));
  return codings.some((coding) => {
    const code = str(coding.code);
    return code !== undefined && code.length >= 3 && /\d/.test(code) && words.has(code);
  });
}

/** The first code of a concept, or of its coding with the given system. */
export function conceptCode(concept: unknown, system?: string): string | undefined {
  const codings = asArray(obj(concept)?.coding).filter(isObject);
  const coding = system ? codings.find((c) => c.system === system) : codings[0];
  return str(coding?.code);
}

const firstConceptText = (concepts: unknown): string | undefined => asArray(concepts).map(conceptText).find((t) => t !== undefined);
const referenceText = (reference: unknown): string | undefined => str(obj(reference)?.display);
const joined = (values: Array<string | undefined>, separator = ', '): string | undefined => {
  const kept = values.filter((v): v is string => v !== undefined);
  return kept.length ? [...new Set(kept)].join(separator) : undefined;
};

/** UCUM codes that read badly: mm[Hg] → mmHg. */
export function displayUnit(unit: string | undefined): string {
  if (!unit) return '';
  const map: Record<string, string> = { 'mm[Hg]': 'mmHg', '[in_i]': 'in', '[lb_av]': 'lb', Cel: '°C', '[degF]': '°F', 'kg/m2': 'kg/m²', '{beats}/min': 'beats/min' };
  return map[unit] ?? unit;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** "7.2 %", "120 mmHg". */
export function formatQuantity(quantity: unknown): string | undefined {
  const q = obj(quantity);
  const value = num(q?.value);
  if (!q || value === undefined) return undefined;
  const unit = displayUnit(str(q.unit) ?? str(q.code));
  const comparator = str(q.comparator);
  return `${comparator ? `${comparator} ` : ''}${formatNumber(value)}${unit ? (unit === '%' ? '%' : ` ${unit}`) : ''}`;
}

const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

function componentFor(resource: Json, code: string): Json | undefined {
  return asArray(resource.component)
    .filter(isObject)
    .find((c) => asArray(obj(c.code)?.coding).some((coding) => isObject(coding) && coding.code === code));
}

/** Systolic and diastolic of a blood pressure panel, when both are there. */
export function bloodPressure(resource: Json): { systolic: number; diastolic: number; unit: string } | undefined {
  const systolic = obj(componentFor(resource, SYSTOLIC)?.valueQuantity);
  const diastolic = obj(componentFor(resource, DIASTOLIC)?.valueQuantity);
  const s = num(systolic?.value);
  const d = num(diastolic?.value);
  if (s === undefined || d === undefined) return undefined;
  return { systolic: s, diastolic: d, unit: displayUnit(str(systolic?.unit) ?? str(systolic?.code) ?? 'mmHg') };
}

function valueText(holder: Json): string | undefined {
  return (
    formatQuantity(holder.valueQuantity) ??
    str(holder.valueString) ??
    conceptText(holder.valueCodeableConcept) ??
    (typeof holder.valueBoolean === 'boolean' ? (holder.valueBoolean ? 'Yes' : 'No') : undefined) ??
    (num(holder.valueInteger) !== undefined ? formatNumber(holder.valueInteger as number) : undefined)
  );
}

/** An Observation's value in words: "7.2 %", "120/80 mmHg", "Positive", or its components one after another. */
export function observationValue(resource: Json): string | undefined {
  const own = valueText(resource);
  if (own) return own;
  const bp = bloodPressure(resource);
  if (bp) return `${formatNumber(bp.systolic)}/${formatNumber(bp.diastolic)} ${bp.unit}`;
  return joined(
    asArray(resource.component)
      .filter(isObject)
      .map((c) => {
        const value = valueText(c);
        const name = conceptText(c.code);
        return value ? (name ? `${name}: ${value}` : value) : undefined;
      }),
    '; ',
  );
}

/** "4.0–5.6 %", "≥ 60 mL/min", or the range's text. */
export function formatReferenceRange(range: unknown): string | undefined {
  const r = obj(range);
  if (!r) return undefined;
  const low = obj(r.low);
  const high = obj(r.high);
  const lowValue = num(low?.value);
  const highValue = num(high?.value);
  const unit = displayUnit(str(high?.unit) ?? str(low?.unit) ?? str(high?.code) ?? str(low?.code));
  const withUnit = (text: string) => (unit ? (unit === '%' ? `${text}%` : `${text} ${unit}`) : text);
  if (lowValue !== undefined && highValue !== undefined) return withUnit(`${formatNumber(lowValue)}–${formatNumber(highValue)}`);
  if (lowValue !== undefined) return withUnit(`≥ ${formatNumber(lowValue)}`);
  if (highValue !== undefined) return withUnit(`≤ ${formatNumber(highValue)}`);
  return str(r.text);
}

/** The numeric bounds of an Observation's first reference range. */
export function rangeBounds(resource: Json): { low?: number; high?: number } | undefined {
  const r = obj(asArray(resource.referenceRange)[0]);
  if (!r) return undefined;
  const low = num(obj(r.low)?.value);
  const high = num(obj(r.high)?.value);
  if (low === undefined && high === undefined) return undefined;
  return { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) };
}

const HIGH_CODES = new Set(['H', 'HH', 'HU', '>', 'HX']);
const LOW_CODES = new Set(['L', 'LL', 'LU', '<', 'LX']);
const ABNORMAL_CODES = new Set(['A', 'AA', 'POS', 'DET', 'R', 'IND', 'W', 'CAR', 'RR']);

/**
 * High, Low or Abnormal from the Observation's interpretation; without one, from its value against its reference
 * range. Normal is no flag.
 */
export function interpretation(resource: Json): Interpretation | undefined {
  for (const concept of asArray(resource.interpretation)) {
    for (const coding of asArray(obj(concept)?.coding).filter(isObject)) {
      const code = str(coding.code)?.toUpperCase();
      if (!code) continue;
      if (HIGH_CODES.has(code)) return 'High';
      if (LOW_CODES.has(code)) return 'Low';
      if (ABNORMAL_CODES.has(code)) return 'Abnormal';
      if (code === 'N') return undefined;
    }
    const text = str(obj(concept)?.text)?.toLowerCase();
    if (text === 'high') return 'High';
    if (text === 'low') return 'Low';
    if (text === 'abnormal') return 'Abnormal';
  }
  const value = num(obj(resource.valueQuantity)?.value);
  const bounds = rangeBounds(resource);
  if (value === undefined || !bounds) return undefined;
  if (bounds.high !== undefined && value > bounds.high) return 'High';
  if (bounds.low !== undefined && value < bounds.low) return 'Low';
  return undefined;
}

const OBSERVATION_STATUS: Record<string, string> = {
  registered: 'Registered',
  preliminary: 'Preliminary result',
  final: 'Final result',
  amended: 'Amended result',
  corrected: 'Corrected result',
  cancelled: 'Cancelled',
  'entered-in-error': 'Entered in error',
};

/** When an Observation was made: effective[x], else issued. */
export function observationDate(resource: Json): string | undefined {
  return str(resource.effectiveDateTime) ?? str(resource.effectiveInstant) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.issued);
}

function presentObservation(resource: Json): PresentedItem {
  const badges: PresentedBadge[] = [];
  const flag = interpretation(resource);
  if (flag) badges.push({ label: flag, tone: 'alert' });
  const status = str(resource.status);
  if (status === 'corrected' || status === 'amended') badges.push({ label: OBSERVATION_STATUS[status]!, tone: 'info' });
  const details: PresentedDetail[] = [];
  const range = joined(asArray(resource.referenceRange).map(formatReferenceRange), '; ');
  if (range) details.push({ label: 'Normal range', value: range });
  const notes = joined(asArray(resource.note).map((n) => str(obj(n)?.text)), ' ');
  if (notes) details.push({ label: 'Note', value: notes });
  const performer = joined(asArray(resource.performer).map(referenceText));
  if (performer) details.push({ label: 'By', value: performer });
  const value = observationValue(resource);
  const date = observationDate(resource);
  return {
    title: conceptText(resource.code) ?? 'Result',
    ...(value ? { subtitle: value } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: OBSERVATION_STATUS[status] ?? humanize(status) } : {}),
    badges,
    details,
  };
}

function presentCondition(resource: Json): PresentedItem {
  const categories = asArray(resource.category).map((c) => conceptCode(c));
  const onset = str(resource.onsetDateTime) ?? str(obj(resource.onsetPeriod)?.start) ?? str(resource.onsetString);
  const abatement = str(resource.abatementDateTime) ?? str(obj(resource.abatementPeriod)?.start) ?? str(resource.abatementString);
  const clinical = conceptText(resource.clinicalStatus) ?? conceptCode(resource.clinicalStatus);
  const details: PresentedDetail[] = [];
  if (onset) details.push({ label: 'Since', value: formatFhirDate(onset) });
  if (abatement) details.push({ label: 'Resolved', value: formatFhirDate(abatement) });
  if (categories.includes('health-concern')) details.push({ label: 'Type', value: 'Health concern' });
  else if (categories.includes('encounter-diagnosis')) details.push({ label: 'Type', value: 'Diagnosis at a visit' });
  const verification = conceptCode(resource.verificationStatus);
  if (verification && verification !== 'confirmed') details.push({ label: 'Verification', value: humanize(verification) });
  const recorder = referenceText(resource.recorder) ?? referenceText(resource.asserter);
  if (recorder) details.push({ label: 'Recorded by', value: recorder });
  const notes = joined(asArray(resource.note).map((n) => str(obj(n)?.text)), ' ');
  if (notes) details.push({ label: 'Note', value: notes });
  const date = onset ?? str(resource.recordedDate);
  return {
    title: conceptText(resource.code) ?? 'Health problem',
    ...(date ? { date } : {}),
    ...(clinical ? { status: humanize(clinical) } : {}),
    badges: [],
    details,
  };
}

function presentMedication(resource: Json): PresentedItem {
  const dosage = joined([...asArray(resource.dosageInstruction), ...asArray(resource.dosage)].map((d) => str(obj(d)?.text)), '; ');
  const date = str(resource.authoredOn) ?? str(resource.effectiveDateTime) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.dateAsserted);
  const status = str(resource.status);
  const details: PresentedDetail[] = [];
  const reason = joined([...asArray(resource.reasonCode).map(conceptText), ...asArray(resource.reasonReference).map(referenceText)]);
  if (reason) details.push({ label: 'For', value: reason });
  const prescriber = referenceText(resource.requester) ?? referenceText(resource.informationSource);
  if (prescriber) details.push({ label: 'Prescribed by', value: prescriber });
  return {
    title: conceptText(resource.medicationCodeableConcept) ?? referenceText(resource.medicationReference) ?? 'Medication',
    ...(dosage ? { subtitle: dosage } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details,
  };
}

const CRITICALITY: Record<string, string> = { high: 'High risk', low: 'Low risk', 'unable-to-assess': 'Risk unknown' };

function presentAllergy(resource: Json): PresentedItem {
  const reactions = asArray(resource.reaction).filter(isObject);
  const manifestations = joined(reactions.flatMap((r) => asArray(r.manifestation).map(conceptText)));
  const severity = joined(reactions.map((r) => str(r.severity)).map((s) => (s ? humanize(s) : undefined)));
  const criticality = str(resource.criticality);
  const details: PresentedDetail[] = [];
  if (criticality) details.push({ label: 'Risk', value: CRITICALITY[criticality] ?? humanize(criticality) });
  if (severity) details.push({ label: 'Reaction severity', value: severity });
  const category = joined(asArray(resource.category).map((c) => (typeof c === 'string' ? humanize(c) : undefined)));
  if (category) details.push({ label: 'Type', value: category });
  const clinical = conceptText(resource.clinicalStatus) ?? conceptCode(resource.clinicalStatus);
  const date = str(resource.onsetDateTime) ?? str(resource.recordedDate);
  return {
    title: conceptText(resource.code) ?? 'Allergy',
    ...(manifestations ? { subtitle: `Reaction: ${manifestations}` } : {}),
    ...(date ? { date } : {}),
    ...(clinical ? { status: humanize(clinical) } : {}),
    badges: criticality === 'high' ? [{ label: 'High risk', tone: 'alert' }] : [],
    details,
  };
}

const IMMUNIZATION_STATUS: Record<string, string> = { completed: 'Given', 'not-done': 'Not given', 'entered-in-error': 'Entered in error' };

function presentImmunization(resource: Json): PresentedItem {
  const date = str(resource.occurrenceDateTime) ?? str(resource.occurrenceString) ?? str(resource.recorded);
  const status = str(resource.status);
  const details: PresentedDetail[] = [];
  const dose = formatQuantity(resource.doseQuantity);
  if (dose) details.push({ label: 'Dose', value: dose });
  const site = conceptText(resource.site);
  if (site) details.push({ label: 'Site', value: site });
  const lot = str(resource.lotNumber);
  if (lot) details.push({ label: 'Lot', value: lot });
  return {
    title: conceptText(resource.vaccineCode) ?? 'Vaccine',
    ...(date ? { date } : {}),
    ...(status ? { status: IMMUNIZATION_STATUS[status] ?? humanize(status) } : {}),
    badges: [],
    details,
  };
}

function presentProcedure(resource: Json): PresentedItem {
  const date = str(resource.performedDateTime) ?? str(obj(resource.performedPeriod)?.start) ?? str(resource.performedString);
  const status = str(resource.status);
  const details: PresentedDetail[] = [];
  const by = joined(asArray(resource.performer).map((p) => referenceText(obj(p)?.actor)));
  if (by) details.push({ label: 'By', value: by });
  const reason = joined([...asArray(resource.reasonCode).map(conceptText), ...asArray(resource.reasonReference).map(referenceText)]);
  if (reason) details.push({ label: 'Reason', value: reason });
  return {
    title: conceptText(resource.code) ?? 'Procedure',
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details,
  };
}

const ENCOUNTER_CLASS: Record<string, string> = {
  AMB: 'Office visit',
  EMER: 'Emergency visit',
  IMP: 'Hospital stay',
  ACUTE: 'Hospital stay',
  NONAC: 'Hospital stay',
  OBSENC: 'Observation stay',
  SS: 'Day surgery',
  HH: 'Home visit',
  VR: 'Virtual visit',
  FLD: 'Field visit',
};
const ENCOUNTER_STATUS: Record<string, string> = { finished: 'Completed', 'in-progress': 'In progress', planned: 'Planned', cancelled: 'Cancelled', arrived: 'Arrived' };

function presentEncounter(resource: Json): PresentedItem {
  const classCode = str(obj(resource.class)?.code);
  const classText = classCode ? (ENCOUNTER_CLASS[classCode] ?? str(obj(resource.class)?.display)) : undefined;
  const type = firstConceptText(resource.type);
  const period = obj(resource.period);
  const start = str(period?.start);
  const end = str(period?.end);
  const reason = joined([...asArray(resource.reasonCode).map(conceptText), ...asArray(resource.reasonReference).map(referenceText)]);
  const status = str(resource.status);
  const details: PresentedDetail[] = [];
  if (type && classText) details.push({ label: 'Kind', value: humanize(classText) });
  const who = joined(asArray(resource.participant).map((p) => referenceText(obj(p)?.individual)));
  if (who) details.push({ label: 'With', value: who });
  const where = joined([...asArray(resource.location).map((l) => referenceText(obj(l)?.location)), referenceText(resource.serviceProvider)]);
  if (where) details.push({ label: 'Where', value: where });
  if (end && start && end.slice(0, 10) !== start.slice(0, 10)) details.push({ label: 'Until', value: formatFhirDate(end) });
  return {
    title: type ?? (classText ? humanize(classText) : 'Visit'),
    ...(reason ? { subtitle: `Reason: ${reason}` } : {}),
    ...(start ? { date: start } : {}),
    ...(status ? { status: ENCOUNTER_STATUS[status] ?? humanize(status) } : {}),
    badges: [],
    details,
  };
}

function presentDocumentReference(resource: Json): PresentedItem {
  const attachmentTitle = joined(asArray(resource.content).map((c) => str(obj(obj(c)?.attachment)?.title)));
  const type = conceptText(resource.type);
  const title = type ?? attachmentTitle ?? str(resource.description) ?? 'Clinical note';
  const description = str(resource.description);
  const date = str(resource.date) ?? str(obj(obj(resource.context)?.period)?.start) ?? str(obj(obj(asArray(resource.content)[0])?.attachment)?.creation);
  const details: PresentedDetail[] = [];
  const author = joined(asArray(resource.author).map(referenceText));
  if (author) details.push({ label: 'Author', value: author });
  const docStatus = str(resource.docStatus);
  return {
    title,
    ...(description && description !== title ? { subtitle: description } : {}),
    ...(date ? { date } : {}),
    ...(docStatus ? { status: humanize(docStatus) } : {}),
    badges: [],
    details,
  };
}

function presentDiagnosticReport(resource: Json): PresentedItem {
  const formTitle = joined(asArray(resource.presentedForm).map((f) => str(obj(f)?.title)));
  const date = str(resource.effectiveDateTime) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.issued);
  const status = str(resource.status);
  const details: PresentedDetail[] = [];
  const results = asArray(resource.result).length;
  if (results) details.push({ label: 'Results', value: `${results} ${results === 1 ? 'test' : 'tests'}` });
  const conclusion = str(resource.conclusion);
  if (conclusion) details.push({ label: 'Conclusion', value: conclusion });
  const by = joined([...asArray(resource.performer), ...asArray(resource.resultsInterpreter)].map(referenceText));
  if (by) details.push({ label: 'By', value: by });
  return {
    title: conceptText(resource.code) ?? formTitle ?? 'Report',
    ...(formTitle && conceptText(resource.code) ? { subtitle: formTitle } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: OBSERVATION_STATUS[status] ?? humanize(status) } : {}),
    badges: status === 'corrected' || status === 'amended' ? [{ label: OBSERVATION_STATUS[status]!, tone: 'info' }] : [],
    details,
  };
}

function presentCareTeam(resource: Json): PresentedItem {
  const details: PresentedDetail[] = asArray(resource.participant)
    .filter(isObject)
    .map((p) => ({ label: firstConceptText(p.role) ?? 'Member', value: referenceText(p.member) ?? 'Not named' }));
  const status = str(resource.status);
  const date = str(obj(resource.period)?.start);
  const count = details.length;
  return {
    title: str(resource.name) ?? firstConceptText(resource.category) ?? 'Care team',
    ...(count ? { subtitle: `${count} ${count === 1 ? 'member' : 'members'}` } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details,
  };
}

function targetText(target: Json): string | undefined {
  const measure = conceptText(target.measure);
  const range = obj(target.detailRange);
  const value =
    formatQuantity(target.detailQuantity) ??
    (range ? formatReferenceRange(range) : undefined) ??
    str(target.detailString) ??
    conceptText(target.detailCodeableConcept);
  const due = str(target.dueDate);
  const text = measure && value ? `${measure}: ${value}` : (measure ?? value);
  if (!text) return due ? `By ${formatFhirDate(due)}` : undefined;
  return due ? `${text}, by ${formatFhirDate(due)}` : text;
}

function presentGoal(resource: Json): PresentedItem {
  const targets = joined(asArray(resource.target).filter(isObject).map(targetText), '; ');
  const achievement = conceptText(resource.achievementStatus);
  const lifecycle = str(resource.lifecycleStatus);
  const date = str(resource.startDate) ?? str(resource.statusDate);
  const details: PresentedDetail[] = [];
  if (targets) details.push({ label: 'Target', value: targets });
  const by = referenceText(resource.expressedBy);
  if (by) details.push({ label: 'Set by', value: by });
  return {
    title: conceptText(resource.description) ?? 'Goal',
    ...(date ? { date } : {}),
    ...(achievement || lifecycle ? { status: humanize((achievement ?? lifecycle)!) } : {}),
    badges: [],
    details,
  };
}

/** The narrative's words without its markup (for reading, never rendered as HTML). */
export function narrativeText(text: unknown): string | undefined {
  const div = str(obj(text)?.div);
  if (!div) return undefined;
  const plain = div
    .replace(/<\/(p|li|div|h\d|tr)>/gi, ' ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return plain || undefined;
}

function presentCarePlan(resource: Json): PresentedItem {
  const details: PresentedDetail[] = asArray(resource.activity)
    .map((a) => obj(obj(a)?.detail))
    .filter((d): d is Json => d !== undefined)
    .map((d) => {
      const when = str(obj(d.scheduledPeriod)?.start) ?? str(d.scheduledString);
      const what = str(d.description) ?? conceptText(d.code) ?? 'Planned activity';
      return { label: 'Planned', value: when ? `${what}, ${formatFhirDate(when)}` : what };
    });
  const date = str(obj(resource.period)?.start) ?? str(resource.created);
  const status = str(resource.status);
  const summary = str(resource.description) ?? (details.length ? undefined : narrativeText(resource.text));
  return {
    title: str(resource.title) ?? firstConceptText(resource.category) ?? 'Care plan',
    ...(summary ? { subtitle: summary } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details,
  };
}

function presentClinicalImpression(resource: Json): PresentedItem {
  const date = str(resource.effectiveDateTime) ?? str(obj(resource.effectivePeriod)?.start) ?? str(resource.date);
  const summary = str(resource.summary) ?? str(resource.description) ?? narrativeText(resource.text);
  const findings = joined(asArray(resource.finding).map((f) => conceptText(obj(f)?.itemCodeableConcept) ?? referenceText(obj(f)?.itemReference)));
  const status = str(resource.status);
  return {
    title: conceptText(resource.code) ?? 'Assessment',
    ...(summary ? { subtitle: summary } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details: findings ? [{ label: 'Findings', value: findings }] : [],
  };
}

function presentOther(resource: Json): PresentedItem {
  const date = str(resource.date) ?? str(resource.effectiveDateTime) ?? str(resource.recordedDate);
  const subtitle = str(resource.description) ?? narrativeText(resource.text);
  const status = str(resource.status);
  return {
    title: conceptText(resource.code) ?? str(resource.title) ?? humanize(str(resource.resourceType) ?? 'Entry'),
    ...(subtitle ? { subtitle } : {}),
    ...(date ? { date } : {}),
    ...(status ? { status: humanize(status) } : {}),
    badges: [],
    details: [],
  };
}

/** One resource of the record, in plain language. */
export function presentResource(resource: Record<string, unknown>): PresentedItem {
  switch (resource.resourceType) {
    case 'Observation':
      return presentObservation(resource);
    case 'Condition':
      return presentCondition(resource);
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'MedicationAdministration':
      return presentMedication(resource);
    case 'AllergyIntolerance':
      return presentAllergy(resource);
    case 'Immunization':
      return presentImmunization(resource);
    case 'Procedure':
      return presentProcedure(resource);
    case 'Encounter':
      return presentEncounter(resource);
    case 'DocumentReference':
      return presentDocumentReference(resource);
    case 'DiagnosticReport':
      return presentDiagnosticReport(resource);
    case 'CareTeam':
      return presentCareTeam(resource);
    case 'Goal':
      return presentGoal(resource);
    case 'CarePlan':
      return presentCarePlan(resource);
    case 'ClinicalImpression':
      return presentClinicalImpression(resource);
    default:
      return presentOther(resource);
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A FHIR date as people read it, at the precision it was recorded: "2026", "Mar 2026", "Mar 1, 2026". The day is
 * the one written in the record (a timestamp's own calendar date), so it does not shift with the reader's time zone.
 */
export function formatFhirDate(value: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (!monthName) return year!;
  if (!day) return `${monthName} ${year}`;
  return `${monthName} ${Number(day)}, ${year}`;
}

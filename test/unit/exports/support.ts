/** Export inputs built in memory: the demo generator's FHIR bundle read through the real ingest, as the record keeps it. */
import { generateDemoRecords } from '../../../shared/demo/generate';
import { clinicalDate, type RecordItem } from '../../../shared/domain/record';
import { denialLetter, type CorrectionRequest } from '../../../shared/domain/corrections';
import { correctionsForExport, type ExportInput } from '../../../shared/exports/model';
import { ingestFile } from '../../../shared/ingest/ingest';
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

export const PATIENT = { givenName: 'Iris', familyName: 'Vale', birthDate: '1971-10-09', gender: 'female' as const, mrn: 'EX-1' };
export const PRACTICE = {
  name: 'Export Practice',
  phone: '(555) 010-0003',
  address: { line: '4 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Ana', familyName: 'Cole', npi: '1234567893' },
};

export async function demoItems(patientId = 'patient-1', practiceId = 'practice-1'): Promise<RecordItem[]> {
  const bundle = (await generateDemoRecords(PATIENT, PRACTICE, { seed: 'export' })).find((d) => d.kind === 'fhir')!;
  const result = await ingestFile(bundle.bytes, { documentId: 'doc-1' });
  return result.resources.map((r) => {
    const date = clinicalDate(r.resource);
    return {
      patientId,
      practiceId,
      dataClass: r.dataClass,
      itemKey: createHash('sha256').update(r.dedupeKey).digest('hex').slice(0, 32),
      ...(date ? { date } : {}),
      resource: r.resource,
      sources: ['doc-1'],
      updatedAt: '2026-11-22T12:00:00.000Z',
    };
  });
}

export async function demoInput(overrides: Partial<ExportInput> = {}): Promise<ExportInput> {
  return {
    generatedAt: '2026-11-22T12:00:00.000Z',
    registrations: [{ patientId: 'patient-1', practiceId: 'practice-1', practiceName: 'Export Practice', givenName: 'Iris', familyName: 'Vale', birthDate: '1971-10-09' }],
    items: await demoItems(),
    corrections: [],
    ...overrides,
  };
}

export const countOf = (items: readonly RecordItem[], dataClass: string, type?: string) => items.filter((i) => i.dataClass === dataClass && (!type || i.resource.resourceType === type)).length;

/** Correction requests about the demo record, as the store keeps them (every step filled in by hand). */
export function demoRequests(items: readonly RecordItem[]) {
  const lab = items.find((i) => i.dataClass === 'lab-results' && i.resource.resourceType === 'Observation' && i.date)!;
  const problem = items.find((i) => i.dataClass === 'problems')!;
  const base = {
    patientId: 'patient-1',
    practiceId: 'practice-1',
    accountId: 'acct-secret-1',
    contactEmail: 'iris.private@example.com',
    patient: { givenName: 'Iris', familyName: 'Vale', mrn: 'EX-1' },
    notify: [{ name: 'Dr. Someone Else', email: 'someone.else@clinic.example' }],
    version: 3,
    updatedAt: '2026-10-01T00:00:00.000Z',
  };
  const practice = { name: 'Export Practice', phone: '(555) 010-0003' };
  const denied: CorrectionRequest = {
    ...base,
    requestId: 'cr-000000001-00000000000000a1',
    target: { kind: 'item', dataClass: lab.dataClass, itemKey: lab.itemKey },
    targetLabel: `Lab result of ${lab.date}`,
    whatIsWrong: 'The value <5 & rising was never measured on me.',
    shouldSay: 'It should say the sample was rejected.',
    reason: 'I was abroad on that day.',
    status: 'denied',
    receivedAt: '2026-02-01T09:00:00.000Z',
    dueAt: '2026-05-02T09:00:00.000Z',
    extension: { at: '2026-03-20T10:00:00.000Z', by: 'staff-sub-secret', reason: 'We are asking the laboratory.', previousDueAt: '2026-04-02T09:00:00.000Z' },
    decision: {
      outcome: 'denied', at: '2026-04-15T10:00:00.000Z', by: 'staff-sub-secret', ground: 'accurate-and-complete', explanation: 'The laboratory confirmed the sample and the value.',
      letter: denialLetter({ practice, receivedAt: '2026-02-01T09:00:00.000Z', decidedAt: '2026-04-15T10:00:00.000Z', targetLabel: `Lab result of ${lab.date}`, ground: 'accurate-and-complete', explanation: 'The laboratory confirmed the sample and the value.' }),
    },
    disagreement: { at: '2026-05-01T08:00:00.000Z', statement: 'I still disagree: my passport shows I was abroad.' },
    rebuttal: { at: '2026-05-10T08:00:00.000Z', by: 'staff-sub-secret', text: 'The chain of custody form carries the patient signature.' },
  };
  const accepted: CorrectionRequest = {
    ...base,
    requestId: 'cr-000000002-00000000000000a2',
    target: { kind: 'item', dataClass: problem.dataClass, itemKey: problem.itemKey },
    targetLabel: 'Problem on the list',
    whatIsWrong: 'The onset year is wrong.',
    shouldSay: 'Onset in 2019.',
    reason: 'My old records show 2019.',
    status: 'accepted',
    receivedAt: '2026-03-01T09:00:00.000Z',
    dueAt: '2026-04-30T09:00:00.000Z',
    decision: { outcome: 'accepted', at: '2026-03-10T09:00:00.000Z', by: 'staff-sub-secret', amendment: 'Onset corrected to 2019 per patient records.', notified: [{ email: 'someone.else@clinic.example', at: '2026-03-10T09:00:01.000Z' }] },
  };
  const withdrawn: CorrectionRequest = {
    ...base,
    requestId: 'cr-000000003-00000000000000a3',
    target: { kind: 'general' },
    targetLabel: 'Something not tied to one item',
    whatIsWrong: 'WITHDRAWN-TEXT my address is wrong.',
    shouldSay: 'New address.',
    reason: 'I moved.',
    status: 'withdrawn',
    receivedAt: '2026-03-05T09:00:00.000Z',
    dueAt: '2026-05-04T09:00:00.000Z',
    withdrawnAt: '2026-03-06T09:00:00.000Z',
  };
  const documentOpen: CorrectionRequest = {
    ...base,
    requestId: 'cr-000000004-00000000000000a4',
    target: { kind: 'document', documentId: 'doc-1' },
    targetLabel: 'Visit summary (document dated 2026-01-10)',
    whatIsWrong: 'The visit summary names the wrong clinician.',
    shouldSay: 'Dr. Ana Cole.',
    reason: 'She saw me.',
    status: 'submitted',
    receivedAt: '2026-11-01T09:00:00.000Z',
    dueAt: '2026-12-31T09:00:00.000Z',
  };
  return { lab, problem, denied, accepted, withdrawn, documentOpen, all: [denied, accepted, withdrawn, documentOpen] };
}

/** The demo record with its correction requests chosen as an export would choose them; the amended item says so. */
export async function inputWithCorrections(overrides: Partial<ExportInput> = {}) {
  const base = await demoInput();
  const requests = demoRequests(base.items);
  const items = base.items.map((i) => (i === requests.problem ? { ...i, amendedBy: [requests.accepted.requestId] } : i));
  const copy = { ...base, items, ...overrides };
  return { input: { ...copy, corrections: correctionsForExport(requests.all, copy) }, ...requests };
}

/** The text a PDF draws, one string (pdf-lib writes standard-font text as hex strings in Flate-compressed streams). */
export function pdfText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes);
  const raw = buffer.toString('latin1');
  const out: string[] = [];
  const marker = /stream\r?\n/g;
  for (let m = marker.exec(raw); m; m = marker.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    marker.lastIndex = end + 'endstream'.length;
    let content: string;
    try { content = inflateSync(buffer.subarray(start, end)).toString('latin1'); } catch { continue; }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  // Wrapped lines join with a space; WinAnsi's em dash (0x97) reads back as itself.
  return out.join(' ').replace(/\x97/g, '\u2014').replace(/\s+/g, ' ');
}

/** Whitespace collapsed, for comparing text that a layout may have wrapped. */
export const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildRecordPdf } from '../../../shared/exports/pdf';
import { itemTitle } from '../../../shared/exports/model';
import { demoInput, flat, inputWithCorrections, pdfText } from './support';

describe('the PDF export: the record for people', () => {
  it('loads with pdf-lib, has a cover and a page per class with data, all numbered', async () => {
    const input = await demoInput();

    const bytes = await buildRecordPdf(input);

    const doc = await PDFDocument.load(bytes);
    const classes = new Set(input.items.map((i) => i.dataClass)).size;
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1 + classes);
    expect(doc.getTitle()).toBe('Health record');
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('does not crash on names and items in scripts the standard fonts lack, nor on an empty range', async () => {
    const input = await demoInput({
      registrations: [{ patientId: 'patient-1', practiceId: 'practice-1', practiceName: 'Πρακτική 診所', givenName: 'Δημήτρης', familyName: '王小明 Łukasz' }],
      from: '2030-01-01',
      to: '2030-12-31',
    });
    const withItem = { ...input, items: [{ patientId: 'patient-1', practiceId: 'practice-1', dataClass: 'problems' as const, itemKey: 'k', date: '2030-02-01', resource: { resourceType: 'Condition', code: { text: '糖尿病 \u0007 😀' } }, sources: [], updatedAt: '' }] };

    const empty = await PDFDocument.load(await buildRecordPdf({ ...input, items: [] }));
    const one = await PDFDocument.load(await buildRecordPdf(withItem));

    expect(empty.getPageCount()).toBe(1);
    expect(one.getPageCount()).toBe(2);
  });
});

describe('the PDF export: correction requests travel with the record', () => {
  it('has a "Corrections and amendments" section with every step in words, the denial letter in full, and marks the amended item', async () => {
    const { input, denied, accepted, documentOpen, problem } = await inputWithCorrections();
    const plain = await buildRecordPdf({ ...input, corrections: [] });

    const bytes = await buildRecordPdf(input);

    const text = pdfText(bytes);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan((await PDFDocument.load(plain)).getPageCount());
    expect(text).toContain('Corrections and amendments: 3 requests');
    // After every record section.
    expect(text.indexOf('Requests to correct this record')).toBeGreaterThan(text.lastIndexOf('Source practice'));
    const parts = [
      denied.whatIsWrong, denied.shouldSay, denied.reason, denied.extension!.reason, (denied.decision as { explanation: string }).explanation,
      denied.disagreement!.statement, denied.rebuttal!.text, ...(denied.decision as { letter: string[] }).letter,
      (accepted.decision as { amendment: string }).amendment, documentOpen.whatIsWrong,
      'Request denied (2026-04-15)', 'Statement of disagreement (2026-05-01)', 'Rebuttal by Export Practice (2026-05-10)', 'Time to answer extended (2026-03-20)',
    ];
    for (const part of parts) expect(text).toContain(flat(part));
    expect(text).toContain(`${flat(itemTitle(problem.resource))} (amended \u2014 see Corrections and amendments)`);
    expect(text).not.toContain('WITHDRAWN-TEXT');
    expect(text).not.toContain('staff-sub-secret');
  });

  it('says "none" on the cover and adds no section when nothing was asked', async () => {
    const input = await demoInput();

    const text = pdfText(await buildRecordPdf(input));

    expect(text).toContain('Corrections and amendments: none');
    expect(text).not.toContain('(amended');
  });
});

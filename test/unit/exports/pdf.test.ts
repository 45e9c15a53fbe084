import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildRecordPdf } from '../../../shared/exports/pdf';
import { demoInput } from './support';

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

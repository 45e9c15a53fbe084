// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CcdaView } from '../../../web/src/components/DocumentViewer/CcdaView';
import { FhirView } from '../../../web/src/components/DocumentViewer/FhirView';
import type { DocumentSummary } from '../../../web/src/domain';
import { groupFhirResources, readFhirResources } from '../../../web/src/viewer/fhir';
import { apiError, documentSummary, fakeApi, ok, page, patientMe, renderPortal, signedIn, type FakeHandler } from './portal-harness';

const CCDA = `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <title>Continuity of Care Document</title>
  <effectiveTime value="20260209143000-0500"/>
  <recordTarget><patientRole><patient><name><given>Alex</given><family>Rivera</family></name></patient></patientRole></recordTarget>
  <author><assignedAuthor><assignedPerson><name><prefix>Dr.</prefix><given>Priya</given><family>Raman</family></name></assignedPerson></assignedAuthor></author>
  <component><structuredBody>
    <component><section>
      <title>Problems</title>
      <text>
        <table border="1" onclick="alert(1)">
          <thead><tr><th>Problem</th><th>Status</th></tr></thead>
          <tbody><tr><td styleCode="Bold">Sinusitis</td><td>Resolved</td></tr></tbody>
        </table>
        <script>window.hacked = true</script>
        <xhtml:script>window.hacked = true</xhtml:script>
        <paragraph onclick="steal()" style="color:red">Reviewed with <content styleCode="Bold Italics">the patient</content>.<br/>See <linkHtml href="javascript:alert(1)">the guide</linkHtml>.</paragraph>
      </text>
      <component><section>
        <title>Past problems</title>
        <text><paragraph>None</paragraph></text>
      </section></component>
    </section></component>
    <component><section>
      <title>Medications</title>
      <text>
        <list listType="ordered"><caption>Active</caption><item>Lisinopril 10 mg</item><item>Metformin 500 mg</item></list>
        <renderMultiMedia referencedObject="img1"/>
      </text>
    </section></component>
  </structuredBody></component>
</ClinicalDocument>`;

describe('the readable C-CDA', () => {
  it('shows the header, and each section narrative through the whitelist', () => {
    // Act
    const { container } = render(<CcdaView text={CCDA} />);

    // Assess: header
    expect(screen.getByText('Continuity of Care Document')).toBeInTheDocument();
    expect(screen.getByText('Feb 9, 2026')).toBeInTheDocument();
    expect(screen.getByText('Dr. Priya Raman')).toBeInTheDocument();
    expect(screen.getByText('Alex Rivera')).toBeInTheDocument();
    // sections, nested ones one level down
    expect(screen.getByRole('heading', { level: 2, name: 'Problems' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Past problems' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Medications' })).toBeInTheDocument();
    // a table
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Problem' })).toBeInTheDocument();
    const cell = within(table).getByRole('cell', { name: 'Sinusitis' });
    expect(cell).toHaveClass('narrative--bold');
    // an ordered list with its caption
    const list = screen.getByRole('list');
    expect(list.tagName).toBe('OL');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Lisinopril 10 mg', 'Metformin 500 mg']);
    expect(screen.getByText('Active').tagName).toBe('STRONG');
    // a paragraph with styled content; the link is text only
    const styled = screen.getByText('the patient');
    expect(styled.tagName).toBe('SPAN');
    expect(styled).toHaveClass('narrative--bold', 'narrative--italic');
    expect(styled.closest('p')).toHaveTextContent('Reviewed with the patient.See the guide.');
    expect(container.querySelector('p br')).not.toBeNull();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();

    // Nothing else came through: no script, no handler, no style, no copied attribute
    expect(container.querySelector('script')).toBeNull();
    expect(container.innerHTML).not.toContain('hacked');
    expect(container.querySelector('[onclick], [style], [border], [href], [stylecode]')).toBeNull();
    expect(container.innerHTML).not.toMatch(/onclick|javascript:|steal|color:red/i);
    expect(container.querySelector('img')).toBeNull();
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('says so when the file is not a C-CDA', () => {
    render(<CcdaView text="<html><body>nope</body></html>" />);
    expect(screen.getByRole('alert')).toHaveTextContent('This document could not be shown. You can still download it.');
  });

  it('stops at 200 sections', () => {
    const sections = Array.from({ length: 250 }, (_, i) => `<component><section><title>Section ${i + 1}</title><text>Text ${i + 1}</text></section></component>`).join('');
    render(<CcdaView text={`<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody>${sections}</structuredBody></component></ClinicalDocument>`} />);
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(200);
    expect(screen.getByText(/only its first sections are shown/)).toBeInTheDocument();
  });
});

const condition = (text: string) => ({ resourceType: 'Condition', code: { text }, clinicalStatus: { coding: [{ code: 'active' }] } });
const observation = (text: string, category: string, value: number) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ code: category }] }],
  code: { text },
  valueQuantity: { value, unit: '%' },
  effectiveDateTime: '2026-01-05',
});
const BUNDLE = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', name: [{ given: ['Alex'], family: 'Rivera' }], birthDate: '1984-03-12' } },
    { resource: condition('Hypertension') },
    { resource: condition('Asthma') },
    { resource: observation('Hemoglobin A1c', 'laboratory', 6.4) },
    { resource: observation('Body weight', 'vital-signs', 70) },
    { resource: { resourceType: 'MedicationRequest', status: 'active', medicationCodeableConcept: { text: 'Lisinopril 10 mg' } } },
    { resource: { resourceType: 'Practitioner', name: [{ family: 'Raman' }] } },
    { resource: { resourceType: 'Practitioner', name: [{ family: 'Okafor' }] } },
    { resource: { resourceType: 'Organization', name: 'Maple Grove' } },
  ],
};

describe('the FHIR viewer', () => {
  it('groups a bundle by kind, in plain language, with unknown types counted', () => {
    const grouped = groupFhirResources(readFhirResources(JSON.stringify(BUNDLE)));
    expect(grouped.patients).toEqual([{ name: 'Alex Rivera', birthDate: '1984-03-12' }]);
    expect(grouped.sections.map((s) => [s.title, s.total])).toEqual([
      ['Health problems', 2],
      ['Medications', 1],
      ['Lab results', 1],
      ['Vital signs', 1],
    ]);
    expect(grouped.others).toEqual([
      { resourceType: 'Organization', count: 1 },
      { resourceType: 'Practitioner', count: 2 },
    ]);
  });

  it('reads NDJSON and a single resource too', () => {
    expect(readFhirResources([condition('A'), condition('B')].map((r) => JSON.stringify(r)).join('\n'))).toHaveLength(2);
    expect(readFhirResources(JSON.stringify(condition('A')))).toHaveLength(1);
    expect(() => readFhirResources('not json')).toThrow();
  });

  it('caps each section at 200 items', () => {
    const grouped = groupFhirResources(Array.from({ length: 250 }, (_, i) => condition(`Problem ${i}`)));
    expect(grouped.sections[0]!.items).toHaveLength(200);
    expect(grouped.sections[0]!.total).toBe(250);
  });

  it('shows the sections with their items', () => {
    render(<FhirView text={JSON.stringify(BUNDLE)} />);
    expect(screen.getByText('Alex Rivera')).toBeInTheDocument();
    expect(screen.getByText('Mar 12, 1984')).toBeInTheDocument();
    const problems = screen.getByRole('region', { name: 'Health problems (2)' });
    expect(within(problems).getAllByRole('listitem').map((li) => within(li).getByRole('heading').textContent)).toEqual(['Hypertension', 'Asthma']);
    const labs = screen.getByRole('region', { name: 'Lab results (1)' });
    expect(labs).toHaveTextContent('6.4%');
    expect(screen.getByRole('region', { name: 'Other information' })).toHaveTextContent('Practitioner: 2');
  });
});

const STORAGE = 'https://storage.test/';

/** The fake API plus a fake storage answering the document's bytes (or failing). */
function viewerApi(doc: DocumentSummary, bytes: string | Uint8Array<ArrayBuffer> | null, extra: Record<string, FakeHandler> = {}) {
  const api = fakeApi({
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(patientMe),
    'GET /api/me/documents': ok(page([doc])),
    [`GET /api/me/documents/${doc.documentId}/download`]: ok({ url: `${STORAGE}${doc.documentId}?sig=1`, expiresAt: '2099-01-01T00:00:00Z', filename: 'file' }),
    ...extra,
  });
  const storage = vi.fn(async () => (bytes === null ? new Response('denied', { status: 403 }) : new Response(bytes)));
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    String(input).startsWith(STORAGE) ? storage() : api.fetchMock(input, init),
  );
  const created: Blob[] = [];
  const revoked: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    created.push(blob as Blob);
    return `blob:http://portal.test/${created.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
  return { api, storage, created, revoked };
}

describe('the document page', () => {
  it('opens from the title in the documents table and shows a PDF in a frame, revoking its URL on leaving', async () => {
    // Prepare
    const doc = documentSummary({ documentId: 'doc-pdf', title: 'Visit summary', kind: 'pdf', contentType: 'application/pdf' });
    const { api, created, revoked, storage } = viewerApi(doc, '%PDF-1.7 fake');
    const { user, router } = renderPortal({ path: '/' });

    // Act
    await user.click(await screen.findByRole('link', { name: 'Visit summary' }));

    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Visit summary' })).toBeInTheDocument();
    const frame = await screen.findByTitle('Visit summary');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toMatch(/^blob:/);
    expect(created.at(-1)?.type).toBe('application/pdf');
    expect(router.state.location.pathname).toBe('/documents/doc-pdf');
    expect(document.title).toMatch(/^Document – /);
    expect(screen.getByRole('button', { name: /^Download Visit summary/ })).toBeInTheDocument();
    // (StrictMode may start the fetch twice, the first one aborted)
    expect(storage).toHaveBeenCalled();
    // the row came along in the router's state: no lookup for the viewer
    expect(api.calls('GET /api/me/documents').filter((r) => r.query.get('limit') === '100')).toHaveLength(0);

    // Act: back
    await user.click(screen.getByRole('link', { name: '← Back to your records' }));

    // Assess
    await waitFor(() => expect(revoked).toContain(frame.getAttribute('src')));
  });

  it('shows an image, looking the document up when opened directly', async () => {
    const doc = documentSummary({ documentId: 'doc-img', title: 'Rash photo', kind: 'image', contentType: 'image/png' });
    const { api } = viewerApi(doc, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    renderPortal({ path: '/documents/doc-img' });

    const image = await screen.findByRole('img', { name: 'Rash photo' });
    expect(image.getAttribute('src')).toMatch(/^blob:/);
    expect(api.calls('GET /api/me/documents')[0]?.query.get('limit')).toBe('100');
  });

  it('shows a C-CDA readable', async () => {
    const doc = documentSummary({ documentId: 'doc-ccda', title: 'Care summary', kind: 'ccda', contentType: 'application/xml' });
    viewerApi(doc, CCDA);
    renderPortal({ path: '/documents/doc-ccda' });

    expect(await screen.findByRole('heading', { level: 2, name: 'Problems' })).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();
  });

  it('says the document cannot be shown when storage fails, and still offers the download', async () => {
    const doc = documentSummary({ documentId: 'doc-x', title: 'Visit summary', kind: 'pdf', contentType: 'application/pdf' });
    viewerApi(doc, null);
    renderPortal({ path: '/documents/doc-x' });

    expect(await screen.findByText('This document could not be shown. You can still download it.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Download Visit summary/ })).toBeInTheDocument();
    expect(screen.queryByTitle('Visit summary')).not.toBeInTheDocument();
  });

  it('says when the document is not found', async () => {
    viewerApi(documentSummary({ documentId: 'other' }), '', { 'GET /api/me/documents': ok(page([])) });
    renderPortal({ path: '/documents/missing' });

    expect(await screen.findByText("We couldn't open this document")).toBeInTheDocument();
  });

  it('is for patients only', async () => {
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok({ ...patientMe, role: 'staff', practice: { practiceId: 'prac-1', name: 'Riverside' }, links: [] }),
      'GET /api/practice/patients': ok(page([])),
      'GET /api/me/documents': apiError(403, 'forbidden', 'No.'),
    });
    renderPortal({ path: '/documents/doc-1' });
    await waitFor(() => expect(api.calls('GET /api/me')).not.toHaveLength(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.calls('GET /api/me/documents/doc-1/download')).toHaveLength(0);
    expect(screen.queryByRole('heading', { level: 1, name: 'Document' })).not.toBeInTheDocument();
  });
});

// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  apiError,
  documentSummary,
  fakeApi,
  ok,
  page,
  patientMe,
  practicePatient,
  renderPortal,
  signedIn,
  staffMe,
  type FakeHandler,
} from './portal-harness';

/** A stand-in for XMLHttpRequest: records each PUT and lets the test drive its progress and its answer. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  /** Answer 200 as soon as the body is sent (for tests that do not watch progress). */
  static autoRespond = false;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
    if (FakeXhr.autoRespond) queueMicrotask(() => this.respond(200));
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  respond(status: number) {
    this.status = status;
    this.onload?.();
  }
  fail() {
    this.onerror?.();
  }
}

function useFakeXhr({ autoRespond }: { autoRespond: boolean }) {
  FakeXhr.sent = [];
  FakeXhr.autoRespond = autoRespond;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

const staffRoutes = (extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> => ({
  'POST /api/auth/refresh': signedIn(),
  'GET /api/me': ok(staffMe),
  'GET /api/practice/patients/pat-1': ok(practicePatient()),
  'GET /api/practice/patients/pat-1/documents': ok(page([])),
  ...extra,
});

/** Answers create-upload with upload ids up-1, up-2, … in the order the files are declared. */
function createUploadHandler(): FakeHandler {
  let count = 0;
  return () => {
    count += 1;
    return ok(
      {
        uploadId: `up-${count}`,
        documentId: `doc-new-${count}`,
        method: 'PUT',
        url: `http://storage.test/staging/up-${count}?X-Amz-Signature=abc`,
        headers: { 'content-type': 'application/pdf', 'x-amz-checksum-sha256': `checksum-${count}` },
        expiresAt: '2099-01-01T00:00:00Z',
      },
      201,
    );
  };
}

const pdf = (name: string, text = `%PDF-1.7 ${name} %%EOF`) => new File([text], name, { type: 'application/pdf' });

async function openPatientPage() {
  const view = renderPortal({ path: '/patients/pat-1' });
  const section = await screen.findByRole('region', { name: 'Upload records' });
  return { ...view, section };
}

describe('uploading records on the patient page', () => {
  it('hashes the file, PUTs it with the signed headers and shows its progress', async () => {
    // Prepare
    useFakeXhr({ autoRespond: false });
    const api = fakeApi(
      staffRoutes({
        'POST /api/practice/patients/pat-1/uploads': createUploadHandler(),
        'POST /api/practice/uploads/up-1/complete': ok({ document: documentSummary({ documentId: 'doc-new-1', title: 'Referral letter' }), warnings: [] }, 201),
      }),
    );
    const { user, section } = await openPatientPage();
    const file = pdf('referral.pdf');

    // Act
    await user.upload(within(section).getByLabelText('Files to upload'), file);
    await user.type(within(section).getByLabelText('Title (optional)'), 'Referral letter');
    await user.click(within(section).getByRole('button', { name: 'Upload 1 file' }));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const xhr = FakeXhr.sent[0]!;
    act(() => xhr.progress(42, 100));

    // Assess: the declaration, the PUT, and the progress bar
    const expectedSha = createHash('sha256').update(await file.text()).digest('hex');
    expect(api.calls('POST /api/practice/patients/pat-1/uploads')[0]?.body).toEqual({
      filename: 'referral.pdf',
      size: file.size,
      sha256: expectedSha,
      contentType: 'application/pdf',
      title: 'Referral letter',
    });
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toBe('http://storage.test/staging/up-1?X-Amz-Signature=abc');
    expect(xhr.headers).toEqual({ 'content-type': 'application/pdf', 'x-amz-checksum-sha256': 'checksum-1' });
    expect(xhr.body).toBe(file);
    const progress = within(section).getByRole('progressbar', { name: 'Upload progress of referral.pdf' });
    expect(progress).toHaveAttribute('value', '42');
    expect(within(section).getByText('Uploading 42%')).toBeInTheDocument();

    act(() => xhr.progress(90, 100));
    expect(progress).toHaveAttribute('value', '90');
    expect(within(section).getByText('Uploading 90%')).toBeInTheDocument();

    // Act: the PUT ends, the server accepts the file
    act(() => xhr.respond(200));

    // Assess
    expect(await within(section).findByText(/as “Referral letter”/)).toBeInTheDocument();
    expect(within(section).getByText('Accepted')).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByRole('status')).toHaveTextContent('1 file accepted'));
    expect(within(section).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(api.calls('POST /api/practice/uploads/up-1/complete')).toHaveLength(1);
  });

  it("shows a refusal next to that file only, while the others are accepted, and refreshes the patient's records", async () => {
    // Prepare
    useFakeXhr({ autoRespond: true });
    let stored = [documentSummary({ title: 'Older letter' })];
    const api = fakeApi(
      staffRoutes({
        'GET /api/practice/patients/pat-1/documents': () => ok(page(stored)),
        'POST /api/practice/patients/pat-1/uploads': createUploadHandler(),
        'POST /api/practice/uploads/up-1/complete': () => {
          const document = documentSummary({ documentId: 'doc-new-1', title: 'Lab report', kind: 'pdf' });
          stored = [document, ...stored];
          return ok({ document, warnings: [] }, 201);
        },
        'POST /api/practice/uploads/up-2/complete': apiError(422, 'file_rejected', 'The file is named .pdf, but is a Windows program (EXE). It was not stored.', {
          details: [{ path: 'file', message: 'unexpected-type' }],
        }),
        'POST /api/practice/uploads/up-3/complete': ok({ document: documentSummary({ documentId: 'doc-new-3', title: 'X-ray' }), warnings: [] }, 201),
      }),
    );
    const { user, section } = await openPatientPage();
    const records = screen.getByRole('region', { name: 'Records' });
    expect(await within(records).findByText('Older letter')).toBeInTheDocument();

    // Act
    await user.upload(within(section).getByLabelText('Files to upload'), [pdf('lab.pdf'), pdf('bad.pdf', 'MZ\0\0\0\0'), pdf('xray.pdf')]);
    await user.click(within(section).getByRole('button', { name: 'Upload 3 files' }));

    // Assess
    await waitFor(() => expect(within(section).getByRole('status')).toHaveTextContent('2 files accepted, 1 refused'));
    const rows = within(within(section).getByRole('list', { name: 'Files' })).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent(/lab\.pdf.*Accepted.*as “Lab report”/);
    expect(rows[1]).toHaveTextContent(/bad\.pdf.*Refused: The file is named \.pdf, but is a Windows program \(EXE\)\. It was not stored\./);
    expect(rows[2]).toHaveTextContent(/xray\.pdf.*Accepted.*as “X-ray”/);
    expect(rows[0]).not.toHaveTextContent(/Windows/);
    expect(rows[2]).not.toHaveTextContent(/Windows/);
    expect(within(rows[1]!).queryByRole('button', { name: /retry/i })).not.toBeInTheDocument();
    expect(await within(records).findByText('Lab report')).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients/pat-1/uploads').map((r) => (r.body as { filename: string }).filename).sort()).toEqual([
      'bad.pdf',
      'lab.pdf',
      'xray.pdf',
    ]);
  });

  it('uploads at most two files at a time', async () => {
    // Prepare
    useFakeXhr({ autoRespond: false });
    const complete = ok({ document: documentSummary(), warnings: [] }, 201);
    fakeApi(
      staffRoutes({
        'POST /api/practice/patients/pat-1/uploads': createUploadHandler(),
        'POST /api/practice/uploads/up-1/complete': complete,
        'POST /api/practice/uploads/up-2/complete': complete,
        'POST /api/practice/uploads/up-3/complete': complete,
      }),
    );
    const { user, section } = await openPatientPage();

    // Act
    await user.upload(within(section).getByLabelText('Files to upload'), [pdf('a.pdf'), pdf('b.pdf'), pdf('c.pdf')]);
    await user.click(within(section).getByRole('button', { name: 'Upload 3 files' }));

    // Assess
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    expect(within(section).getByText('Waiting…')).toBeInTheDocument();
    act(() => FakeXhr.sent[0]!.respond(200));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(3));
    act(() => FakeXhr.sent[1]!.respond(200));
    act(() => FakeXhr.sent[2]!.respond(200));
    await waitFor(() => expect(within(section).getByRole('status')).toHaveTextContent('3 files accepted'));
  });

  it('offers a retry after a network failure, and the retry succeeds', async () => {
    // Prepare
    useFakeXhr({ autoRespond: false });
    const api = fakeApi(
      staffRoutes({
        'POST /api/practice/patients/pat-1/uploads': createUploadHandler(),
        'POST /api/practice/uploads/up-2/complete': ok({ document: documentSummary({ title: 'Scan' }), warnings: [] }, 201),
      }),
    );
    const { user, section } = await openPatientPage();
    await user.upload(within(section).getByLabelText('Files to upload'), pdf('scan.pdf'));
    await user.click(within(section).getByRole('button', { name: 'Upload 1 file' }));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));

    // Act
    act(() => FakeXhr.sent[0]!.fail());

    // Assess
    expect(await within(section).findByText(/couldn't reach the portal/)).toBeInTheDocument();
    expect(within(section).getByText('Failed:')).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByRole('status')).toHaveTextContent('0 files accepted, 1 failed'));

    // Act: retry
    await user.click(within(section).getByRole('button', { name: 'Retry scan.pdf' }));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(2));
    act(() => FakeXhr.sent[1]!.respond(200));

    // Assess: a fresh upload URL, and the file accepted
    expect(await within(section).findByText(/as “Scan”/)).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients/pat-1/uploads')).toHaveLength(2);
  });

});

describe("the patient's records on the patient page", () => {
  it('lists title, date, type, size and version, a page at a time', async () => {
    // Prepare
    const api = fakeApi(
      staffRoutes({
        'GET /api/practice/patients/pat-1/documents': (request) =>
          request.query.get('cursor') === 'next'
            ? ok(page([documentSummary({ documentId: 'doc-3', title: 'Allergy list', date: '2024-11-20', kind: 'fhir', size: 2048 })]))
            : ok(
                page(
                  [
                    documentSummary({ title: 'Visit summary', version: 2, supersedes: 'doc-0' }),
                    documentSummary({ documentId: 'doc-2', title: 'Lab results', kind: 'pdf', size: 1_572_864, date: '2025-03-04', version: 1 }),
                  ],
                  'next',
                ),
              ),
      }),
    );

    // Act
    const { user } = renderPortal({ path: '/patients/pat-1' });
    const table = await screen.findByRole('table', { name: 'Records of this patient, newest first' });

    // Assess
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'TitleDateTypeSizeActions',
      'Visit summary version v2Feb 1, 2025Care summary (C-CDA)20 KBDownload Visit summary, Feb 1, 2025',
      'Lab resultsMar 4, 2025PDF document1.5 MBDownload Lab results, Mar 4, 2025',
    ]);
    expect(within(table).queryByText('Riverside Family Medicine')).not.toBeInTheDocument();

    // Act
    await user.click(screen.getByRole('button', { name: 'Load more records' }));

    // Assess
    expect(await within(table).findByText('Allergy list')).toBeInTheDocument();
    expect(screen.getByText('Showing 3 records')).toBeInTheDocument();
    expect(api.calls('GET /api/practice/patients/pat-1/documents').at(-1)?.query.get('cursor')).toBe('next');
  });

  it('says so when nothing has been uploaded for the patient yet', async () => {
    // Prepare
    fakeApi(staffRoutes());

    // Act
    renderPortal({ path: '/patients/pat-1' });

    // Assess
    const records = await screen.findByRole('region', { name: 'Records' });
    expect(await within(records).findByText('No records uploaded for this patient yet.')).toBeInTheDocument();
    expect(within(records).queryByRole('table')).not.toBeInTheDocument();
  });

  it("downloads through the practice's endpoint and follows the link", async () => {
    // Prepare
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    const api = fakeApi(
      staffRoutes({
        'GET /api/practice/patients/pat-1/documents': ok(page([documentSummary({ documentId: 'doc-7', title: 'Lab results', date: '2025-03-04' })])),
        'GET /api/practice/patients/pat-1/documents/doc-7/download': ok({
          url: 'http://storage.test/documents/doc-7?X-Amz-Signature=xyz',
          expiresAt: '2099-01-01T00:00:00Z',
          filename: 'lab.pdf',
        }),
      }),
    );
    const { user } = renderPortal({ path: '/patients/pat-1' });

    // Act
    await user.click(await screen.findByRole('button', { name: 'Download Lab results, Mar 4, 2025' }));

    // Assess
    await waitFor(() => expect(followed).toHaveBeenCalledTimes(1));
    expect(followed.mock.contexts[0]).toHaveProperty('href', 'http://storage.test/documents/doc-7?X-Amz-Signature=xyz');
    expect(api.calls('GET /api/practice/patients/pat-1/documents/doc-7/download')).toHaveLength(1);
    expect(document.querySelector('a[href*="X-Amz-Signature"]')).toBeNull();
  });
});

describe("the patient's own records", () => {
  it("downloads through the patient's endpoint, with the document named on the button", async () => {
    // Prepare
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    const api = fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([documentSummary({ documentId: 'doc-1', title: 'Visit summary', date: '2026-10-09' })])),
      'GET /api/me/documents/doc-1/download': ok({ url: 'http://storage.test/documents/doc-1?sig=1', expiresAt: '2099-01-01T00:00:00Z', filename: 'visit.xml' }),
    });
    const { user } = renderPortal();

    // Act
    await user.click(await screen.findByRole('button', { name: 'Download Visit summary, Oct 9, 2026' }));

    // Assess
    await waitFor(() => expect(followed).toHaveBeenCalledTimes(1));
    expect(followed.mock.contexts[0]).toHaveProperty('href', 'http://storage.test/documents/doc-1?sig=1');
    expect(api.calls('GET /api/me/documents/doc-1/download')).toHaveLength(1);
    expect(api.calls('GET /api/me/documents/doc-1/download')[0]?.headers.get('authorization')).toMatch(/^Bearer id-token-/);
  });

  it('shows why a download could not start', async () => {
    // Prepare
    const followed = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {});
    fakeApi({
      'POST /api/auth/refresh': signedIn(),
      'GET /api/me': ok(patientMe),
      'GET /api/me/documents': ok(page([documentSummary({ documentId: 'doc-1' })])),
      'GET /api/me/documents/doc-1/download': apiError(404, 'not_found', 'That document was not found.'),
    });
    const { user } = renderPortal();

    // Act
    await user.click(await screen.findByRole('button', { name: /^Download Visit summary/ }));

    // Assess
    expect(await screen.findByRole('alert')).toHaveTextContent('That document was not found.');
    expect(followed).not.toHaveBeenCalled();
  });
});

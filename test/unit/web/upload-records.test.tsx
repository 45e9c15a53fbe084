// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { documentSummary, fakeApi, ok, page, practicePatient, renderPortal, signedIn, staffMe, type FakeHandler } from './portal-harness';

/** A stand-in for XMLHttpRequest that the test answers by hand, with an ETag header as S3 sends for a part. */
class PartXhr {
  static sent: PartXhr[] = [];
  url = '';
  body: Blob | undefined;
  status = 0;
  etag: string | null = null;
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  getResponseHeader(name: string) {
    return name.toLowerCase() === 'etag' ? this.etag : null;
  }
  send(body: Blob) {
    this.body = body;
    PartXhr.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total: this.body!.size } as ProgressEvent);
  }
  respond(status: number, etag?: string) {
    this.status = status;
    this.etag = etag ?? null;
    this.onload?.();
  }
  static part(n: number): PartXhr[] {
    return PartXhr.sent.filter((xhr) => xhr.url.endsWith(`partNumber=${n}`));
  }
}

/** 12 bytes in parts of 5: three parts, the last of 2 bytes. */
const chart = () => new File(['%PDF-1.7 %%EOF'.slice(0, 12)], 'chart.pdf', { type: 'application/pdf' });

function multipartRoutes(extra: Record<string, FakeHandler> = {}): Record<string, FakeHandler> {
  return {
    'POST /api/auth/refresh': signedIn(),
    'GET /api/me': ok(staffMe),
    'GET /api/practice/patients/pat-1': ok(practicePatient()),
    'GET /api/practice/patients/pat-1/documents': ok(page([])),
    'POST /api/practice/patients/pat-1/uploads': ok(
      {
        uploadId: 'up-1',
        documentId: 'doc-new-1',
        method: 'MULTIPART',
        partSize: 5,
        parts: [1, 2, 3].map((n) => ({ partNumber: n, url: `http://storage.test/staging/up-1?uploadId=m-1&partNumber=${n}` })),
        expiresAt: '2099-01-01T00:00:00Z',
      },
      201,
    ),
    'POST /api/practice/uploads/up-1/complete': ok({ document: documentSummary({ documentId: 'doc-new-1', title: 'Scanned chart' }), warnings: [] }, 201),
    ...extra,
  };
}

async function openPatientPage() {
  PartXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', PartXhr);
  const view = renderPortal({ path: '/patients/pat-1' });
  const section = await screen.findByRole('region', { name: 'Upload records' });
  return { ...view, section };
}

describe('uploading a large file in parts', () => {
  it('sends each slice to its part URL, shows the progress over all parts, and completes with the ETags', async () => {
    // Prepare
    const api = fakeApi(multipartRoutes());
    const { user, section } = await openPatientPage();
    const file = chart();

    // Act
    await user.upload(within(section).getByLabelText('Files to upload'), file);
    await user.click(within(section).getByRole('button', { name: 'Upload 1 file' }));
    await waitFor(() => expect(PartXhr.sent).toHaveLength(3));

    // Assess: the slices, and the progress as bytes sent over the file
    expect(await Promise.all(PartXhr.sent.map((xhr) => xhr.body!.text()))).toEqual(['%PDF-', '1.7 %', '%E']);
    act(() => PartXhr.part(1)[0]!.progress(5));
    act(() => PartXhr.part(3)[0]!.progress(1));
    const progress = within(section).getByRole('progressbar', { name: 'Upload progress of chart.pdf' });
    expect(progress).toHaveAttribute('value', '50');
    expect(within(section).getByText('Uploading 50%')).toBeInTheDocument();

    // Act: storage takes the parts, in any order
    act(() => PartXhr.part(3)[0]!.respond(200, '"c"'));
    act(() => PartXhr.part(1)[0]!.respond(200, '"a"'));
    act(() => PartXhr.part(2)[0]!.respond(200, '"b"'));

    // Assess
    expect(await within(section).findByText(/as “Scanned chart”/)).toBeInTheDocument();
    expect(api.calls('POST /api/practice/uploads/up-1/complete')[0]?.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"b"' },
        { partNumber: 3, etag: '"c"' },
      ],
    });
  });

  it('after a part fails for good, a retry sends only the parts still missing, to the same upload', async () => {
    // Prepare
    const api = fakeApi(multipartRoutes());
    const { user, section } = await openPatientPage();
    await user.upload(within(section).getByLabelText('Files to upload'), chart());
    await user.click(within(section).getByRole('button', { name: 'Upload 1 file' }));
    await waitFor(() => expect(PartXhr.sent).toHaveLength(3));

    // Act: part 1 arrives, part 2 is refused (403: not worth sending again at once), which stops part 3
    act(() => PartXhr.part(1)[0]!.respond(200, '"a"'));
    act(() => PartXhr.part(2)[0]!.respond(403));

    // Assess
    expect(await within(section).findByText(/did not accept part 2 of the file \(HTTP 403\)/)).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByRole('status')).toHaveTextContent('0 files accepted, 1 failed'));

    // Act: retry
    await user.click(within(section).getByRole('button', { name: 'Retry chart.pdf' }));
    await waitFor(() => expect(PartXhr.sent).toHaveLength(5));
    expect(PartXhr.part(1)).toHaveLength(1);
    act(() => PartXhr.part(2)[1]!.respond(200, '"b"'));
    act(() => PartXhr.part(3)[1]!.respond(200, '"c"'));

    // Assess: no second upload declared, and every part named on completion
    expect(await within(section).findByText(/as “Scanned chart”/)).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients/pat-1/uploads')).toHaveLength(1);
    expect(api.calls('POST /api/practice/uploads/up-1/complete')[0]?.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"b"' },
        { partNumber: 3, etag: '"c"' },
      ],
    });
  });

  it('takes files up to 5 GB, and refuses larger ones before anything is sent', async () => {
    // Prepare
    const api = fakeApi(multipartRoutes());
    const { user, section } = await openPatientPage();
    const big = chart();
    Object.defineProperty(big, 'size', { value: 5 * 1024 ** 3 });
    const huge = new File(['x'], 'archive.pdf', { type: 'application/pdf' });
    Object.defineProperty(huge, 'size', { value: 5 * 1024 ** 3 + 1 });

    // Act
    await user.upload(within(section).getByLabelText('Files to upload'), [big, huge]);

    // Assess
    const rows = within(within(section).getByRole('list', { name: 'Files' })).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('Ready to upload');
    expect(rows[1]).toHaveTextContent('This file is larger than 5 GB, the most the portal accepts.');
    expect(within(section).getByRole('button', { name: 'Upload 1 file' })).toBeInTheDocument();
    expect(api.calls('POST /api/practice/patients/pat-1/uploads')).toHaveLength(0);
  });
});

// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../web/src/api/api-error';
import {
  HASH_CHUNK_BYTES,
  isTransientStorageError,
  PART_CONCURRENCY,
  PartProgress,
  planParts,
  putParts,
  retryDelayMs,
  sha256Hex,
} from '../../../web/src/api/uploads';

const MiB = 1024 * 1024;

/** Bytes that differ from chunk to chunk, so that a chunk hashed twice or skipped changes the digest. */
function bytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7919 + (i >> 13)) & 0xff;
  return out;
}

const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('hashes a Blob of several chunks (and a ragged last one) to the same digest as Node', async () => {
    // Prepare: two and a bit chunks of the real chunk size
    const data = bytes(2 * HASH_CHUNK_BYTES + 12_345);
    const fractions: number[] = [];

    // Act
    const digest = await sha256Hex(new Blob([data]), { onProgress: (f) => fractions.push(f) });

    // Assess
    expect(digest).toBe(nodeSha256(data));
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions).toContain(HASH_CHUNK_BYTES / data.length);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('agrees with Node for small chunk sizes, exact multiples and the empty file', async () => {
    for (const [length, chunkBytes] of [
      [0, 64],
      [1, 64],
      [64, 64],
      [640, 64],
      [100_003, 4096],
    ] as const) {
      const data = bytes(length);
      expect(await sha256Hex(new Blob([data]), { chunkBytes }), `${length} bytes in ${chunkBytes}-byte chunks`).toBe(nodeSha256(data));
    }
  });

  it('keeps memory bounded: at most two chunk reads at a time, none larger than a chunk', async () => {
    // Prepare: a Blob stand-in that counts the reads in flight
    const data = bytes(10 * 1000 + 7);
    let inFlight = 0;
    let most = 0;
    let largest = 0;
    const file = {
      size: data.length,
      slice: (start: number, end: number) => ({
        arrayBuffer: async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 1));
          inFlight -= 1;
          const chunk = data.slice(start, Math.min(end, data.length));
          largest = Math.max(largest, chunk.length);
          return chunk.buffer;
        },
      }),
    } as unknown as Blob;

    // Act
    const digest = await sha256Hex(file, { chunkBytes: 1000 });

    // Assess
    expect(digest).toBe(nodeSha256(data));
    expect(most).toBeLessThanOrEqual(2);
    expect(largest).toBe(1000);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const hashing = sha256Hex(new Blob([bytes(10_000)]), { chunkBytes: 1000, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(hashing).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('planParts', () => {
  const urls = (n: number) => Array.from({ length: n }, (_, i) => ({ partNumber: i + 1, url: `https://storage.test/part?partNumber=${i + 1}` }));

  it('cuts a 12 MB file into two 5 MiB parts and the rest, in part order', () => {
    const size = 12 * 1000 * 1000;
    const plan = planParts(size, 5 * MiB, [...urls(3)].reverse());
    expect(plan.map(({ partNumber, start, end }) => ({ partNumber, start, end }))).toEqual([
      { partNumber: 1, start: 0, end: 5 * MiB },
      { partNumber: 2, start: 5 * MiB, end: 10 * MiB },
      { partNumber: 3, start: 10 * MiB, end: size },
    ]);
    expect(plan[2]!.url).toContain('partNumber=3');
  });

  it('gives an exact multiple full parts only', () => {
    expect(planParts(10 * MiB, 5 * MiB, urls(2)).map((p) => p.end - p.start)).toEqual([5 * MiB, 5 * MiB]);
  });

  it('refuses parts that do not cover the file exactly once', () => {
    expect(() => planParts(12 * MiB, 5 * MiB, urls(2))).toThrow(ApiError);
    expect(() => planParts(12 * MiB, 5 * MiB, urls(4))).toThrow(ApiError);
    expect(() => planParts(12 * MiB, 5 * MiB, [...urls(2), { partNumber: 2, url: 'x' }])).toThrow(ApiError);
    expect(() => planParts(12 * MiB, 5 * MiB, [...urls(2), { partNumber: 4, url: 'x' }])).toThrow(ApiError);
    expect(() => planParts(12 * MiB, 0, urls(3))).toThrow(ApiError);
  });
});

describe('PartProgress', () => {
  const plan = planParts(250, 100, [
    { partNumber: 1, url: 'a' },
    { partNumber: 2, url: 'b' },
    { partNumber: 3, url: 'c' },
  ]);

  it('sums the bytes sent of every part over the whole file', () => {
    const progress = new PartProgress(plan);
    expect(progress.fraction).toBe(0);
    expect(progress.set(1, 50)).toBe(0.2);
    expect(progress.set(3, 25)).toBe(0.3);
    expect(progress.set(1, 100)).toBe(0.5);
    expect(progress.finish(2)).toBe(0.9);
    expect(progress.finish(3)).toBe(1);
  });

  it('clamps to the part, and a part sent again starts from zero', () => {
    const progress = new PartProgress(plan);
    expect(progress.set(3, 500)).toBe(0.2);
    progress.set(1, 80);
    expect(progress.set(1, 0)).toBe(0.2);
    expect(progress.set(2, -5)).toBe(0.2);
  });
});

describe('retries', () => {
  it('waits about a second, then about two, with jitter', () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(1500);
    expect(retryDelayMs(2, () => 0.5)).toBe(2000);
  });

  it('retries the network and the storage’s transient answers, not a refused signature', () => {
    const storage = (status: number) => new ApiError({ status, code: 'storage_error', message: '' });
    expect(isTransientStorageError(new ApiError({ status: 0, code: 'network_error', message: '' }))).toBe(true);
    for (const status of [400, 408, 429, 500, 503]) expect(isTransientStorageError(storage(status)), String(status)).toBe(true);
    for (const status of [403, 404]) expect(isTransientStorageError(storage(status)), String(status)).toBe(false);
    expect(isTransientStorageError(new ApiError({ status: 502, code: 'storage_setup', message: '' }))).toBe(false);
    expect(isTransientStorageError(new DOMException('cancelled', 'AbortError'))).toBe(false);
  });
});

/**
 * A stand-in for XMLHttpRequest: answers each PUT on the next turn with what `answer` says for its URL, and
 * counts the requests in flight. Just enough to drive the parts loop.
 */
function fakeStorage(answer: (url: string, attempt: number) => { status: number; etag?: string }) {
  const state = { inFlight: 0, most: 0, attempts: new Map<string, number>() };
  class FakeXhr {
    status = 0;
    upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private url = '';
    private etag: string | undefined;
    private aborted = false;
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader() {}
    getResponseHeader(name: string) {
      return name.toLowerCase() === 'etag' ? (this.etag ?? null) : null;
    }
    abort() {
      this.aborted = true;
      state.inFlight -= 1;
      this.onabort?.();
    }
    send(body: Blob) {
      const attempt = (state.attempts.get(this.url) ?? 0) + 1;
      state.attempts.set(this.url, attempt);
      state.inFlight += 1;
      state.most = Math.max(state.most, state.inFlight);
      void Promise.resolve().then(() => {
        if (this.aborted) return;
        this.upload.onprogress?.({ lengthComputable: true, loaded: body.size, total: body.size });
        if (this.aborted) return;
        const { status, etag } = answer(this.url, attempt);
        state.inFlight -= 1;
        this.status = status;
        this.etag = etag;
        if (status === 0) this.onerror?.();
        else this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return state;
}

describe('putParts', () => {
  const size = 7 * 100 + 30;
  const target = {
    uploadId: 'u-1',
    documentId: 'd-1',
    method: 'MULTIPART' as const,
    partSize: 100,
    parts: Array.from({ length: 8 }, (_, i) => ({ partNumber: i + 1, url: `https://storage.test/part-${i + 1}` })),
    expiresAt: '2999-01-01T00:00:00.000Z',
  };
  const file = new Blob([bytes(size)]);

  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends every part, a few at a time, and answers the ETags in part order with progress up to 1', async () => {
    const storage = fakeStorage((url) => ({ status: 200, etag: `"etag-${url.slice(-1)}"` }));
    const fractions: number[] = [];

    const parts = await putParts(target, file, (f) => fractions.push(f));

    expect(parts).toEqual(target.parts.map((p) => ({ partNumber: p.partNumber, etag: `"etag-${p.partNumber}"` })));
    expect(storage.most).toBe(PART_CONCURRENCY);
    expect(fractions.at(-1)).toBe(1);
  });

  it('sends a part that failed again after a pause, and resumes without the parts already sent', async () => {
    vi.useFakeTimers();
    const storage = fakeStorage((url, attempt) => (url.endsWith('-5') && attempt === 1 ? { status: 503 } : { status: 200, etag: `"e${url.slice(-1)}"` }));
    const sent = new Map([
      [1, '"e1"'],
      [2, '"e2"'],
    ]);

    const sending = putParts(target, file, () => {}, undefined, sent);
    await vi.runAllTimersAsync();
    const parts = await sending;

    expect(parts.map((p) => p.etag)).toEqual(['"e1"', '"e2"', '"e3"', '"e4"', '"e5"', '"e6"', '"e7"', '"e8"']);
    expect(storage.attempts.get('https://storage.test/part-5')).toBe(2);
    expect(storage.attempts.has('https://storage.test/part-1')).toBe(false);
    expect(sent.size).toBe(8);
  });

  it('fails with the first part that keeps failing, stops the others, and keeps what arrived for a retry', async () => {
    vi.useFakeTimers();
    fakeStorage((url) => (url.endsWith('-2') ? { status: 403 } : { status: 200, etag: '"ok"' }));
    const sent = new Map<number, string>();

    const sending = putParts(target, file, () => {}, undefined, sent);
    const failed = expect(sending).rejects.toMatchObject({ code: 'storage_error', status: 403, message: expect.stringContaining('part 2') });
    await vi.runAllTimersAsync();
    await failed;

    expect(sent.has(2)).toBe(false);
    expect(sent.size).toBeLessThan(8);
  });

  it('refuses parts without an ETag (storage hides it) rather than completing with none', async () => {
    fakeStorage(() => ({ status: 200 }));
    await expect(putParts(target, file, () => {})).rejects.toMatchObject({ code: 'storage_setup' });
  });

  it('stops when cancelled', async () => {
    const storage = fakeStorage(() => ({ status: 200, etag: '"ok"' }));
    const controller = new AbortController();
    // Cancelled once the first bytes are on their way, with parts in flight.
    const sending = putParts(target, file, (f) => f > 0 && controller.abort(), controller.signal);
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(storage.inFlight).toBe(0);
    expect(storage.attempts.size).toBeLessThan(8);
  });
});

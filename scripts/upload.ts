/**
 * Bulk uploader for practices: `npm run upload -- --patient <MRN> <files...>`.
 *
 * Signs in as a staff user through the public API (the same one the portal uses), finds the patient by MRN, and
 * for each file: hashes it, asks for a presigned PUT, sends the bytes straight to storage with a progress bar,
 * then asks the server to verify it. Prints one result line per file; exits 1 when any file was refused, 2 on a
 * usage or sign-in problem.
 *
 * Options: --url (default http://127.0.0.1:3000, or PORTAL_URL), --email (or PORTAL_EMAIL), the password from
 * PORTAL_PASSWORD or a hidden prompt, --mfa-code when the account uses two-step sign-in (or a prompt),
 * --title to name the document(s), --supersedes <documentId> for a corrected version of one document.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.ccd': 'application/xml',
  '.ccda': 'application/xml',
  '.json': 'application/fhir+json',
  '.ndjson': 'application/fhir+ndjson',
  '.txt': 'text/plain',
};

interface ApiError {
  error?: { code?: string; message?: string };
}

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run upload -- --patient <MRN> [--email <staff e-mail>] [--url <portal URL>] [--title <title>] [--supersedes <documentId>] <files...>`);
  process.exit(2);
}

async function prompt(question: string, hidden: boolean): Promise<string> {
  if (!process.stdin.isTTY) usage(`${question.trim()} is needed: set it in the environment (this is not an interactive terminal).`);
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => void (s.includes(question) ? process.stderr.write(s) : undefined);
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  if (hidden) process.stderr.write('\n');
  return answer.trim();
}

async function call<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T & ApiError }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T & ApiError };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A progress bar on a terminal; quarter-step lines otherwise (CI logs). */
class Meter {
  private sent = 0;
  private lastQuarter = -1;
  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  add(bytes: number): void {
    this.sent += bytes;
    const ratio = this.total ? this.sent / this.total : 1;
    if (process.stderr.isTTY) {
      const width = 24;
      const filled = Math.round(ratio * width);
      process.stderr.write(`\r  ${this.label}  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(this.sent)} / ${formatBytes(this.total)}`);
    } else if (Math.floor(ratio * 4) > this.lastQuarter) {
      this.lastQuarter = Math.floor(ratio * 4);
      process.stderr.write(`  ${this.label}: ${this.lastQuarter * 25}%\n`);
    }
  }

  done(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }

  /** Counts the bytes of a stream as they go by. */
  counting(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, callback) => {
        this.add(chunk.length);
        callback(null, chunk);
      },
    });
  }
}

/** One PUT of the whole file, streamed from disk through the progress counter. */
async function sendWhole(file: string, size: number, url: string, headers: Record<string, string>, meter: Meter): Promise<string> {
  const body = Readable.toWeb(createReadStream(file).pipe(meter.counting())) as ReadableStream;
  const put = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-length': String(size) }, body, duplex: 'half' } as RequestInit);
  meter.done();
  return put.ok ? 'ok' : `HTTP ${put.status}`;
}

/** Large files: each slice to its own presigned URL, one after another, retried once; the server assembles them. */
async function sendParts(
  file: string,
  size: number,
  partSize: number,
  parts: Array<{ partNumber: number; url: string }>,
  meter: Meter,
  sent: Array<{ partNumber: number; etag: string }>,
): Promise<string> {
  for (const part of parts) {
    const start = (part.partNumber - 1) * partSize;
    const end = Math.min(size, start + partSize) - 1;
    let status = 0;
    for (let attempt = 0; attempt < 2 && !(status >= 200 && status < 300); attempt++) {
      const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream;
      const put = await fetch(part.url, { method: 'PUT', headers: { 'content-length': String(end - start + 1) }, body, duplex: 'half' } as RequestInit);
      status = put.status;
      if (put.ok) sent.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
    }
    if (!(status >= 200 && status < 300)) return `part ${part.partNumber}: HTTP ${status}`;
    meter.add(end - start + 1);
  }
  meter.done();
  return 'ok';
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      patient: { type: 'string' },
      email: { type: 'string' },
      url: { type: 'string' },
      title: { type: 'string' },
      supersedes: { type: 'string' },
      'mfa-code': { type: 'string' },
    },
  });
  const base = (values.url ?? process.env.PORTAL_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  if (!values.patient) usage('--patient <MRN> is required.');
  if (positionals.length === 0) usage('Name at least one file to upload.');
  for (const file of positionals) {
    try {
      if (!statSync(file).isFile()) usage(`${file} is not a file.`);
    } catch {
      usage(`${file} does not exist.`);
    }
  }
  const email = values.email ?? process.env.PORTAL_EMAIL ?? (await prompt('Staff e-mail: ', false));
  const password = process.env.PORTAL_PASSWORD ?? (await prompt('Password: ', true));

  let signIn = await call<{ status: string; session?: string; tokens?: { idToken: string } }>(base, 'POST', '/api/auth/sign-in', undefined, { email, password });
  if (signIn.status === 200 && signIn.body.status === 'mfa-required') {
    const code = values['mfa-code'] ?? (await prompt('Code from your authenticator app: ', false));
    signIn = await call(base, 'POST', '/api/auth/mfa', undefined, { email, session: signIn.body.session, code });
  }
  if (signIn.status !== 200 || signIn.body.status !== 'signed-in' || !signIn.body.tokens) {
    console.error(`Sign-in failed: ${signIn.body.error?.message ?? (signIn.body.status === 'mfa-setup-required' ? 'set up two-step sign-in in the portal first.' : `HTTP ${signIn.status}`)}`);
    process.exit(2);
  }
  const token = signIn.body.tokens.idToken;

  const found = await call<{ items: Array<{ patientId: string }> }>(base, 'GET', `/api/practice/patients?mrn=${encodeURIComponent(values.patient)}`, token);
  if (found.status !== 200) usage(`Could not look up the patient: ${found.body.error?.message ?? `HTTP ${found.status}`}`);
  const patientId = found.body.items[0]?.patientId;
  if (!patientId) usage(`No patient with MRN ${values.patient} at your practice.`);

  let refused = 0;
  for (const file of positionals) {
    const name = basename(file);
    const size = statSync(file).size;
    const sha256 = await sha256Of(file);
    const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const started = await call<{ uploadId: string; method: 'PUT' | 'MULTIPART'; url?: string; headers?: Record<string, string>; partSize?: number; parts?: Array<{ partNumber: number; url: string }> }>(base, 'POST', `/api/practice/patients/${patientId}/uploads`, token, {
      filename: name,
      size,
      sha256,
      contentType,
      ...(values.title ? { title: values.title } : {}),
      ...(values.supersedes ? { supersedes: values.supersedes } : {}),
    });
    if (started.status !== 201) {
      refused++;
      console.log(`✖ ${name}: ${started.body.error?.message ?? `HTTP ${started.status}`}`);
      continue;
    }
    const parts: Array<{ partNumber: number; etag: string }> = [];
    const sent =
      started.body.method === 'MULTIPART'
        ? await sendParts(file, size, started.body.partSize!, started.body.parts!, new Meter(name, size), parts)
        : await sendWhole(file, size, started.body.url!, started.body.headers!, new Meter(name, size));
    if (sent !== 'ok') {
      refused++;
      console.log(`✖ ${name}: storage refused the upload (${sent})`);
      continue;
    }
    const done = await call<{ document: { documentId: string; title: string }; warnings: string[] }>(
      base,
      'POST',
      `/api/practice/uploads/${started.body.uploadId}/complete`,
      token,
      parts.length ? { parts } : undefined,
    );
    if (done.status === 201) {
      console.log(`✔ ${name}: accepted as "${done.body.document.title}" (document ${done.body.document.documentId})`);
      for (const warning of done.body.warnings) console.log(`    note: ${warning}`);
    } else {
      refused++;
      console.log(`✖ ${name}: ${done.body.error?.message ?? `HTTP ${done.status}`}`);
    }
  }
  console.log(`${positionals.length - refused} accepted, ${refused} refused`);
  process.exit(refused > 0 ? 1 : 0);
}

void main().catch((error: unknown) => {
  console.error(`Upload failed: ${(error as Error).message}`);
  process.exit(2);
});

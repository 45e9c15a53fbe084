import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_USER_POOL_ID, type LocalClients } from '../../infra/local/bootstrap';
import { freePort } from '../../infra/local/emulators';
import { startLocalStack } from '../../infra/local/stack';
import { GROUPS, TABLES } from '../../shared/platform/resources';

export interface StackInfo {
  url: string;
  ports: { dynamodb: number; s3: number; cognito: number; gateway: number };
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** Starts one real local stack (in-memory DynamoDB Local, s3rver and cognito-local on free ports) for the suite. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-it-'));
  // Everything the stack writes (handlers, Powertools, the gateway) also goes to a file, scanned for PHI at the end.
  const capture = captureStackOutput(join(dataDir, 'stack-output.log'));
  const ports = { dynamodb: await freePort(), s3: await freePort(), cognito: await freePort() };
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    port: await freePort(),
    ports,
    web: 'none',
    // Low enough to reach in a test, high enough that the suite's own deliberate failures do not trip it.
    // Parts from 6 MiB on, in 5 MiB parts (S3's smallest), so that the multipart path runs on small test files.
    // Handlers log at DEBUG so that the PHI scan sees every line production could write; the terminal still shows
    // only warnings and errors, as before (see captureStackOutput).
    env: { MULTIPART_THRESHOLD_BYTES: String(6 * 1024 * 1024), MULTIPART_PART_BYTES: String(5 * 1024 * 1024), POWERTOOLS_LOG_LEVEL: 'DEBUG', LIMIT_INVITATION_FAILURES_PER_IP: '200', LIMIT_INVITATION_FAILURES_PER_ACCOUNT: '5', LIMIT_SIGN_IN_FAILURES_PER_EMAIL: '5' },
  }).catch((error: unknown) => {
    capture.stop();
    throw error;
  });
  project.provide('stack', { url: stack.url, ports: stack.ports, dataDir });
  return async () => {
    const files = outputFiles(capture.file, dataDir);
    let findings: PhiFinding[] = [];
    try {
      findings = scanForPhi(files, await phiOfStack(stack.clients));
    } finally {
      capture.stop();
      await stack.stop();
    }
    const kept = findings.length ? keepOutput(files, 'portal-it') : undefined;
    rmSync(dataDir, { recursive: true, force: true });
    if (kept) {
      // Vitest only prints an error thrown by a global teardown ("error during close"): make the run fail too.
      process.exitCode = 1;
      throw new Error(phiReport(findings, kept));
    }
  };
}

// ---- No PHI in logs: capture the stack's output, then look for every patient's data in it ----

export interface OutputCapture {
  file: string;
  stop(): void;
}

/** The test runners' own modules: their reporters print test names and failure diffs, which may quote test data. */
const RUNNER_FRAME = /[\\/]node_modules[\\/](?:vitest|@vitest|playwright|playwright-core|@playwright)[\\/]/;
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const THIS_FILE = fileURLToPath(import.meta.url);
/** Powertools JSON lines below WARN: written to the file only, so that the terminal shows what it showed before. */
const QUIET_LINE = /^\{"level":"(?:TRACE|DEBUG|INFO)"/;

/**
 * Whether the test runner itself is writing: its modules are on the call stack and none of the repository's code
 * is (the stack's code runs under the runner too when a global set-up awaits it, e.g. the demo seed; async frames
 * show the runner then, but the repository's frames as well).
 */
function writtenByTestRunner(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  Error.stackTraceLimit = limit;
  let runner = false;
  for (const frame of frames) {
    if (frame.includes(THIS_FILE)) continue;
    if (RUNNER_FRAME.test(frame)) runner = true;
    else if (frame.includes(REPO_ROOT) && !/[\\/]node_modules[\\/]/.test(frame)) return false;
  }
  return runner;
}

/**
 * Copies everything this process writes to stdout and stderr into `file`, except what the test runner itself
 * prints (told apart by the call stack of the write). The local stack's handlers run in this process, so this is
 * the Powertools logger's output, the gateway's messages, the AWS SDK's warnings and anything a handler prints
 * (plus whatever test workers write straight to stderr, which the runner passes through). The emulators' own output
 * goes to files under the data folder's logs/, scanned as well. Powertools lines below WARN reach the file only;
 * everything else is printed as before.
 */
export function captureStackOutput(file: string): OutputCapture {
  const fd = openSync(file, 'a');
  const restore = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    const patched = function (this: NodeJS.WriteStream, chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
      if (!writtenByTestRunner()) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        try {
          writeSync(fd, text);
        } catch {
          // The file is gone (teardown): keep printing.
        }
        if (QUIET_LINE.test(text)) {
          const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
          if (typeof done === 'function') process.nextTick(done as () => void);
          return true;
        }
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, encodingOrCallback, callback);
    } as typeof stream.write;
    stream.write = patched;
    return () => {
      // Only if nobody wrapped it since (a reporter may have): theirs stays in place then.
      if (stream.write === patched) stream.write = original;
    };
  });
  let stopped = false;
  return {
    file,
    stop() {
      if (stopped) return;
      stopped = true;
      restore.forEach((r) => r());
      closeSync(fd);
    },
  };
}

export interface PhiTerm {
  text: string;
  /** What it is, for the report (the report never quotes the text itself). */
  kind: string;
}

export interface PhiFinding {
  /** The file, as named in the report. */
  file: string;
  line: number;
  kinds: string[];
}

/** Keys that only a serialised patient or FHIR resource carries. */
const PHI_KEYS = ['"givenName"', '"familyName"', '"birthDate"', '"mrn"', '"resourceType"', '"contactEmail"', '"whatIsWrong"'];

/** Strings of a FHIR resource that people read: names of things, narrative, free text. */
function readableText(value: unknown, out: string[], key = ''): void {
  if (typeof value === 'string') {
    if (['text', 'display', 'valueString', 'description', 'div', 'title', 'family', 'given', 'line', 'comment'].includes(key)) out.push(key === 'div' ? value.replace(/<[^>]*>/g, ' ') : value);
  } else if (Array.isArray(value)) {
    for (const v of value) readableText(v, out, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) readableText(v, out, k);
  }
}

/**
 * Every patient's data the stack holds at the end of a run: names, birth dates and MRNs of every registration
 * (the demo seed's and every test's), patients' e-mail addresses, document titles, the readable text of every
 * record item, correction requests and transmissions. Read from the stack itself, so no list goes stale.
 */
export async function phiOfStack(clients: Pick<LocalClients, 'dynamo' | 'cognito'>): Promise<PhiTerm[]> {
  const terms: PhiTerm[] = [];
  const add = (kind: string, text: unknown, minLength = 8) => {
    if (typeof text !== 'string') return;
    const trimmed = text.replace(/\s+/g, ' ').trim();
    // Short strings ("x", a one-letter test name, "Final") would match everywhere and mean nothing.
    if (trimmed.length >= minLength && /\p{L}/u.test(trimmed)) terms.push({ text: trimmed, kind });
  };
  const doc = DynamoDBDocumentClient.from(clients.dynamo);
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: TABLES.main.localName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      switch (item.type) {
        case 'patient':
          add('patient name', item.givenName, 3);
          add('patient name', item.familyName, 3);
          add('patient name', `${item.givenName} ${item.familyName}`, 3);
          if (typeof item.birthDate === 'string') terms.push({ text: item.birthDate, kind: 'birth date' });
          add('MRN', item.mrn, 4);
          break;
        case 'document':
          add('document title', item.title);
          break;
        case 'record-item': {
          const texts: string[] = [];
          readableText(typeof item.resource === 'string' ? JSON.parse(item.resource) : item.resource, texts);
          for (const t of texts) add('record text', t);
          break;
        }
        case 'correction':
          for (const field of ['whatIsWrong', 'shouldSay', 'reason', 'targetLabel']) add('correction text', item[field]);
          add('e-mail address', item.contactEmail, 3);
          add('correction text', item.disagreement?.statement);
          break;
        case 'transmission':
          add('patient name', item.signature?.typedName, 3);
          add('transmission text', item.purpose);
          break;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  let next: string | undefined;
  do {
    const page = await clients.cognito.send(new ListUsersInGroupCommand({ UserPoolId: LOCAL_USER_POOL_ID, GroupName: GROUPS.patient, NextToken: next }));
    for (const user of page.Users ?? []) add('e-mail address', user.Attributes?.find((a) => a.Name === 'email')?.Value, 3);
    next = page.NextToken;
  } while (next);
  const seen = new Set<string>();
  return terms.filter((t) => t.text.length >= 3 && !seen.has(`${t.kind}\0${t.text}`) && seen.add(`${t.kind}\0${t.text}`));
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/**
 * The lines of `output` that contain any of `terms` (as a whole word where the term begins or ends with one, so
 * that "Lee" does not match "Sleep" nor a birth date an ISO timestamp's date), or a key only PHI carries.
 */
export function findPhi(output: string, terms: readonly PhiTerm[]): Array<Omit<PhiFinding, 'file'>> {
  // Indexed by their first three characters: one look-up per character of output, whatever the number of terms.
  const byPrefix = new Map<string, PhiTerm[]>();
  for (const term of terms) {
    const key = term.text.slice(0, 3);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), term]);
  }
  const findings: Array<Omit<PhiFinding, 'file'>> = [];
  output.split('\n').forEach((line, index) => {
    const kinds = new Set<string>();
    for (const key of PHI_KEYS) if (line.includes(key)) kinds.add(`${key} key`);
    for (let i = 0; i + 3 <= line.length; i++) {
      for (const term of byPrefix.get(line.slice(i, i + 3)) ?? []) {
        if (!line.startsWith(term.text, i)) continue;
        const end = i + term.text.length;
        if (isWordChar(term.text[0]) && isWordChar(line[i - 1])) continue;
        if (isWordChar(term.text.at(-1)) && isWordChar(line[end])) continue;
        // A birth date inside a timestamp (2026-11-22T10:00) is a time, not a birth date.
        if (term.kind === 'birth date' && (line[end] === 'T' || line[i - 1] === '-')) continue;
        kinds.add(term.kind);
      }
    }
    if (kinds.size) findings.push({ line: index + 1, kinds: [...kinds].sort() });
  });
  return findings;
}

/** The captured output and the emulators' logs (under the data folder's logs/, where the stack pipes them). */
export function outputFiles(captured: string, dataDir: string): Array<{ name: string; path: string }> {
  const logs = join(dataDir, 'logs');
  const emulators = existsSync(logs) ? readdirSync(logs).filter((f) => f.endsWith('.log')).map((f) => ({ name: `emulator log ${f}`, path: join(logs, f) })) : [];
  return [{ name: 'stack output', path: captured }, ...emulators];
}

export function scanForPhi(files: ReadonlyArray<{ name: string; path: string }>, terms: readonly PhiTerm[]): PhiFinding[] {
  return files.flatMap(({ name, path }) => (existsSync(path) ? findPhi(readFileSync(path, 'utf8'), terms).map((f) => ({ file: name, ...f })) : []));
}

/** Keeps the scanned files outside the data folder (which is removed) for whoever investigates; returns the folder. */
export function keepOutput(files: ReadonlyArray<{ path: string }>, prefix: string): string {
  const kept = mkdtempSync(join(tmpdir(), `${prefix}-logs-`));
  for (const { path } of files) if (existsSync(path)) copyFileSync(path, join(kept, basename(path)));
  return kept;
}

/** Line numbers and kinds only: the report must not repeat the PHI it found. */
export function phiReport(findings: readonly PhiFinding[], kept: string): string {
  const shown = findings.slice(0, 50).map((f) => `  ${f.file}, line ${f.line}: ${f.kinds.join(', ')}`);
  return [
    `PHI reached the local stack's logs: ${findings.length} line(s) carry patient data (the files are kept in ${kept}). Logs may carry route, status, duration and error codes only.`,
    ...shown,
    ...(findings.length > shown.length ? [`  … and ${findings.length - shown.length} more`] : []),
  ].join('\n');
}

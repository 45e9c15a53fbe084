/**
 * Tamper evidence for the audit log (ONC 170.315(d)(2)/(d)(10), HIPAA audit controls).
 *
 * Each chain of the audit log is hash-linked, so an edited, deleted or re-ordered event breaks it. What a hash chain
 * alone cannot show is a chain rewritten from scratch, every hash recomputed, by someone who can write the table.
 * Digests close that gap: every hour the publisher writes one digest object that fixes, for each chain changed in
 * that hour, the chain's last sequence number and hash as of the end of the hour, into a write-once archive (S3
 * Object Lock, compliance mode). Nobody can change a digest after it is written, so a rewritten chain no longer
 * ends in the hash its digest holds. An anchor row per chain (in the audit table) says where its newest digest is.
 *
 * Everything here is plain functions over the ports: the scheduled function, the local stack, `npm run
 * audit:verify` and the API (an exported chain checked against a digest) share them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, GENESIS_HASH, hashEvent, verifyChain, type AuditEvent, type ChainProblem } from '../domain/audit';
import { ValidationError } from '../errors';
import type { ChainAnchor } from '../ports/audit-log';
import type { Deps } from './deps';

/** What the publisher and the verifier use. */
export type AuditDigestDeps = Pick<Deps, 'audit' | 'digests' | 'clock'>;

/** Identifies the digest format inside each object, so that a later format can be told apart. */
export const DIGEST_FORMAT = 'open-patient-portal/audit-digest/v1';
/** Where digests live in the archive. */
export const DIGEST_PREFIX = 'digests/';

/** One chain as a digest fixed it: its last event's sequence number and hash. */
export interface DigestEntry {
  chain: string;
  seq: number;
  hash: string;
}

/**
 * One published digest. `chains` is sorted by chain name; `root` is the SHA-256 (hex) of the canonical JSON of
 * `chains`, so the list can be checked on its own. The object's bytes are canonical JSON too; their SHA-256 is
 * what anchors record.
 */
export interface AuditDigest {
  format: typeof DIGEST_FORMAT;
  /** The hour digested (UTC, 'YYYY-MM-DDTHH'). */
  period: string;
  publishedAt: string;
  chains: DigestEntry[];
  root: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Hours, keys and the digest object

const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;
const HEX64 = /^[0-9a-f]{64}$/;
const HOUR_MS = 3_600_000;

/** 'YYYY-MM-DDTHH' naming an hour that exists. */
export function isHour(value: string): boolean {
  const m = HOUR.exec(value);
  if (!m) return false;
  const date = new Date(`${value}:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && hourOf(date) === value;
}

/** The UTC hour of an instant, as the audit log's markers name it ('YYYY-MM-DDTHH'). */
export function hourOf(date: Date): string {
  return date.toISOString().slice(0, 13);
}

/** The hour `n` hours after (or before, when negative) `hour`. */
export function addHours(hour: string, n: number): string {
  return hourOf(new Date(Date.parse(`${hour}:00:00.000Z`) + n * HOUR_MS));
}

/** `digests/YYYY/MM/DD/HH.json`. */
export function digestKey(hour: string): string {
  const m = HOUR.exec(hour);
  if (!m || !isHour(hour)) throw new ValidationError(`Not an hour (YYYY-MM-DDTHH): ${hour}`);
  return `${DIGEST_PREFIX}${m[1]}/${m[2]}/${m[3]}/${m[4]}.json`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of the canonical JSON of the entries (sorted by chain, exactly chain, seq and hash). */
export function digestRoot(entries: readonly DigestEntry[]): string {
  return sha256Hex(canonicalJson(entries.map(({ chain, seq, hash }) => ({ chain, seq, hash }))));
}

/** The bytes that get published: canonical JSON, UTF-8. */
export function encodeDigest(digest: AuditDigest): Uint8Array {
  return Buffer.from(canonicalJson(digest), 'utf8');
}

const DigestSchema = z.object({
  format: z.literal(DIGEST_FORMAT),
  period: z.string().refine(isHour, 'period must be an hour (YYYY-MM-DDTHH)'),
  publishedAt: z.string(),
  chains: z.array(z.object({ chain: z.string().min(1), seq: z.number().int().positive(), hash: z.string().regex(HEX64) })),
  root: z.string().regex(HEX64),
});

/** Reads a digest from its bytes, its JSON text or a parsed object; says why when it is not one. */
export function parseDigest(input: Uint8Array | string | unknown): { digest: AuditDigest } | { error: string } {
  let value = input;
  if (input instanceof Uint8Array || typeof input === 'string') {
    try {
      value = JSON.parse(typeof input === 'string' ? input : Buffer.from(input).toString('utf8'));
    } catch {
      return { error: 'not JSON' };
    }
  }
  const parsed = DigestSchema.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'digest'}: ${i.message}`).join('; ') };
  return { digest: parsed.data as AuditDigest };
}

/** What is wrong inside a digest: a root that does not match its list, or a list out of order or with repeats. */
export function checkDigest(digest: AuditDigest): string[] {
  const problems: string[] = [];
  if (digestRoot(digest.chains) !== digest.root) problems.push('root does not match the list of chains');
  for (let i = 1; i < digest.chains.length; i++) {
    if (!(digest.chains[i - 1]!.chain < digest.chains[i]!.chain)) {
      problems.push('chains are not sorted and unique');
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Publishing

export interface PublishResult {
  period: string;
  key: string;
  /** Chains the digest fixes (0: nothing changed in the hour, and no object was written). */
  chains: number;
  root?: string;
  /** SHA-256 of the digest object as it is in the archive. */
  digestSha256?: string;
  /** A new object was written (false: it was there already with the same list, or the hour was empty). */
  written: boolean;
  /**
   * The archive already holds a digest for this hour with a different list and may not be replaced (write-once):
   * some event was recorded in the hour after its digest was published, or something is wrong. Its anchors are
   * kept as they are; the events concerned are covered once a later digest fixes their chains.
   */
  conflict: boolean;
}

export interface PublishOptions {
  /**
   * Replace a digest of the hour that lists something else. Only for the local stack, which publishes the hour in
   * progress again and again; in AWS the bucket refuses it (If-None-Match is required, and Object Lock keeps
   * every version anyway).
   */
  replace?: boolean;
}

/**
 * Publishes the digest of one hour: the chains changed in it (the log's hourly markers), each fixed at its last
 * event of the hour, as one object under `digests/YYYY/MM/DD/HH.json`, then an anchor per chain. Idempotent: a
 * second run finds the same list in the archive, writes nothing, and only completes missing anchors.
 */
export async function publishAuditDigest(deps: AuditDigestDeps, hour: string, options: PublishOptions = {}): Promise<PublishResult> {
  const key = digestKey(hour);
  if (hour > hourOf(deps.clock.now())) throw new ValidationError(`The hour ${hour} has not begun.`);

  const changed = await deps.audit.changedChains(hour);
  const heads = await mapLimit(changed, 8, async (chain) => {
    const head = await headAsOf(deps, chain, hour);
    return head ? { chain, seq: head.seq, hash: head.hash } : undefined;
  });
  const chains = heads.filter((e): e is DigestEntry => e !== undefined).sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  const empty: PublishResult = { period: hour, key, chains: 0, written: false, conflict: false };
  if (chains.length === 0) return empty;
  const root = digestRoot(chains);

  let existing = await deps.digests.get(key);
  let written = false;
  let bytes: Uint8Array | undefined;
  for (let attempt = 0; attempt < 2 && !bytes; attempt++) {
    if (existing) {
      const parsed = parseDigest(existing);
      if ('digest' in parsed && parsed.digest.root === root && checkDigest(parsed.digest).length === 0) {
        bytes = existing;
        break;
      }
      if (!options.replace) {
        // Write-once: keep what was published, and make sure its anchors are there.
        if ('digest' in parsed) await anchorAll(deps, key, existing, parsed.digest, { onlyMissing: true });
        return { period: hour, key, chains: 'digest' in parsed ? parsed.digest.chains.length : 0, root: 'digest' in parsed ? parsed.digest.root : undefined, digestSha256: sha256Hex(existing), written: false, conflict: true };
      }
    }
    const digest: AuditDigest = { format: DIGEST_FORMAT, period: hour, publishedAt: deps.clock.now().toISOString(), chains, root };
    const candidate = encodeDigest(digest);
    if (await deps.digests.put(key, candidate, { ifAbsent: !options.replace })) {
      bytes = candidate;
      written = true;
    } else {
      // Another run wrote it between our read and our write: compare with what it wrote.
      existing = await deps.digests.get(key);
    }
  }
  if (!bytes) throw new Error(`Could not publish the audit digest ${key}.`);
  const digest = (parseDigest(bytes) as { digest: AuditDigest }).digest;
  await anchorAll(deps, key, bytes, digest, { onlyMissing: !written });
  return { period: hour, key, chains: digest.chains.length, root: digest.root, digestSha256: sha256Hex(bytes), written, conflict: false };
}

/**
 * The hours a run publishes at `now`: the previous hour, and the one before it so that a run that failed is made
 * good by the next. The local stack adds the hour in progress (there is no later run to wait for).
 */
export function dueHours(now: Date, options: { includeCurrent?: boolean } = {}): string[] {
  const current = hourOf(now);
  return options.includeCurrent ? [addHours(current, -1), current] : [addHours(current, -2), addHours(current, -1)];
}

/** The chain's last event recorded in or before `hour`. */
async function headAsOf(deps: AuditDigestDeps, chain: string, hour: string): Promise<AuditEvent | undefined> {
  const head = await deps.audit.head(chain);
  if (!head || head.at.slice(0, 13) <= hour) return head;
  // The chain has moved on since (a late or catch-up run): its newest event up to the end of the hour, by time.
  const page = await deps.audit.listActivity([chain], { to: hour }, { limit: 1 });
  return page.items[0];
}

async function anchorAll(deps: AuditDigestDeps, key: string, bytes: Uint8Array, digest: AuditDigest, options: { onlyMissing: boolean }): Promise<void> {
  const digestSha256 = sha256Hex(bytes);
  await mapLimit(digest.chains, 16, async (entry) => {
    if (options.onlyMissing) {
      const latest = await deps.audit.latestAnchor(entry.chain);
      if (latest && latest.period >= digest.period) return;
    }
    const anchor: ChainAnchor = { chain: entry.chain, period: digest.period, seq: entry.seq, hash: entry.hash, digestKey: key, digestSha256, publishedAt: digest.publishedAt };
    await deps.audit.putAnchor(anchor);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Checking one chain

/** What can be wrong with a chain on its own: verifyChain's findings, and events that are intact but moved. */
export type ChainIssue = ChainProblem | { kind: 'reordered'; seq: number; originalSeq: number };

/**
 * `verifyChain`, plus the diagnosis of moved events: an event whose content hashes right at another position, and
 * whose link to its predecessor is intact, was re-ordered rather than changed. With `partial`, the events are a
 * contiguous run that need not start at the genesis (an export of part of a chain): the first event's link is
 * taken as given.
 */
export function diagnoseChain(events: readonly AuditEvent[], options: { partial?: boolean } = {}): ChainIssue[] {
  const first = events[0];
  const partial = !!options.partial && !!first && first.seq > 1;
  let problems: ChainIssue[] = verifyChain(events).problems;
  if (partial) problems = problems.filter((p) => !((p.kind === 'missing' && p.seq < first.seq) || (p.kind === 'broken-link' && p.seq === first.seq)));

  // Follow the links from the start, whatever the stored positions say: the n-th event reached is the n-th written.
  const byPrev = new Map<string, AuditEvent>();
  for (const e of events) if (!byPrev.has(e.prevHash)) byPrev.set(e.prevHash, e);
  const intactAt = new Map<AuditEvent, number>();
  let prev = partial ? first.prevHash : GENESIS_HASH;
  let n = partial ? first.seq - 1 : 0;
  for (let e = byPrev.get(prev); e && !intactAt.has(e); e = byPrev.get(prev)) {
    n++;
    const { hash, ...rest } = e;
    if (hashEvent({ ...rest, seq: n }) !== hash) break;
    intactAt.set(e, n);
    prev = hash;
  }
  if (intactAt.size === 0) return problems;

  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const out: ChainIssue[] = [];
  for (const p of problems) {
    const e = bySeq.get(p.seq);
    const original = e ? intactAt.get(e) : undefined;
    if (p.kind === 'changed' && original !== undefined && original !== p.seq) out.push({ kind: 'reordered', seq: p.seq, originalSeq: original });
    else if (p.kind === 'broken-link' && original !== undefined) continue;
    else out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Verifying everything

export type AnchorProblem = 'missing' | 'stale' | 'digest-missing' | 'digest-sha256' | 'not-in-digest' | 'differs-from-digest';

export type ChainFinding =
  | ChainIssue
  /** The chain's event at `seq` does not carry the hash a digest fixed (found: what it carries; none: no such event). */
  | { kind: 'digest-mismatch'; seq: number; period: string; digestKey: string; expected: string; found?: string }
  /** The anchor row disagrees with the archive (or is missing or older than the chain's newest digest). */
  | { kind: 'anchor-mismatch'; period?: string; problem: AnchorProblem }
  /** Events old enough to be in a digest that no digest fixes yet: the publisher missed their hour. */
  | { kind: 'undigested'; fromSeq: number; toSeq: number; oldestAt: string };

export interface ChainReport {
  chain: string;
  events: number;
  /** The newest digest's position in this chain: events up to here are proven by the archive. */
  digestedThrough?: number;
  problems: ChainFinding[];
}

export interface DigestFinding {
  key: string;
  problem: 'unreadable' | 'format' | 'contents' | 'period';
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  checkedAt: string;
  /** One report per chain checked (problems empty when the chain is fine). */
  chains: ChainReport[];
  digests: { count: number; problems: DigestFinding[] };
  totals: { chains: number; events: number; chainsWithProblems: number; problems: number };
}

export interface VerifyOptions {
  /** Check only these chains (the archive is still read whole, to find each chain's newest digest). */
  chains?: readonly string[];
  /**
   * How long after the end of an event's hour the event must be in a digest. The schedule (rate 1 hour, at a
   * minute fixed when the rule was created) publishes an hour within 60 minutes of its end; default 70.
   */
  graceMinutes?: number;
}

interface LoadedDigest {
  bytes?: Uint8Array;
  sha256?: string;
  digest?: AuditDigest;
  error?: string;
}

/**
 * Walks every chain (`verifyChain` plus re-ordering), every digest in the archive (format, root, key), and checks
 * each chain against the newest digest that fixes it (the event at that position must carry that hash: a chain
 * rewritten with consistent hashes fails here) and against its anchor row (the object's SHA-256, the entry).
 */
export async function verifyAll(deps: AuditDigestDeps, options: VerifyOptions = {}): Promise<VerifyReport> {
  const now = deps.clock.now();
  const only = options.chains ? new Set(options.chains) : undefined;
  const cache = new Map<string, Promise<LoadedDigest>>();
  const load = (key: string) => {
    let loaded = cache.get(key);
    if (!loaded) {
      loaded = deps.digests.get(key).then((bytes): LoadedDigest => {
        if (!bytes) return { error: 'no such object' };
        const parsed = parseDigest(bytes);
        return { bytes, sha256: sha256Hex(bytes), ...('digest' in parsed ? { digest: parsed.digest } : { error: parsed.error }) };
      });
      cache.set(key, loaded);
    }
    return loaded;
  };

  // Every digest: well-formed, root right, under its own hour's key; and the newest entry for each chain.
  const keys = await deps.digests.list(DIGEST_PREFIX);
  const digestProblems: DigestFinding[] = [];
  const newest = new Map<string, DigestEntry & { period: string; key: string }>();
  await mapLimit(keys, 8, async (key) => {
    const loaded = await load(key);
    // Keep the cache small: only what anchors will point at is loaded again.
    cache.delete(key);
    if (!loaded.bytes) return void digestProblems.push({ key, problem: 'unreadable', message: loaded.error ?? 'unreadable' });
    if (!loaded.digest) return void digestProblems.push({ key, problem: 'format', message: loaded.error ?? 'not a digest' });
    const digest = loaded.digest;
    for (const message of checkDigest(digest)) digestProblems.push({ key, problem: 'contents', message });
    if (digestKey(digest.period) !== key) digestProblems.push({ key, problem: 'period', message: `holds the digest of ${digest.period}` });
    for (const entry of digest.chains) {
      if (only && !only.has(entry.chain)) continue;
      const current = newest.get(entry.chain);
      if (!current || entry.seq > current.seq || (entry.seq === current.seq && digest.period > current.period)) newest.set(entry.chain, { ...entry, period: digest.period, key });
    }
  });

  // Every chain the log knows, and every chain a digest names (a chain deleted whole is still named there).
  const names = new Set<string>(only ?? []);
  if (!only) {
    let cursor: string | undefined;
    do {
      const page = await deps.audit.listChains({ limit: 500, cursor });
      for (const chain of page.items) names.add(chain);
      cursor = page.nextCursor;
    } while (cursor);
    for (const chain of newest.keys()) names.add(chain);
  }

  // Hours that ended at least graceMinutes ago: their events must be in a digest by now.
  const cutoffHour = hourOf(new Date(now.getTime() - (60 + (options.graceMinutes ?? 70)) * 60_000));
  const reports = await mapLimit([...names].sort(), 4, async (chain): Promise<ChainReport> => {
    const events = await deps.audit.readChain(chain);
    const problems: ChainFinding[] = diagnoseChain(events);
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    const fixed = newest.get(chain);
    if (fixed) {
      const event = bySeq.get(fixed.seq);
      if (event?.hash !== fixed.hash) problems.push({ kind: 'digest-mismatch', seq: fixed.seq, period: fixed.period, digestKey: fixed.key, expected: fixed.hash, ...(event ? { found: event.hash } : {}) });
    }

    const anchor = await deps.audit.latestAnchor(chain);
    if (!anchor) {
      if (fixed) problems.push({ kind: 'anchor-mismatch', period: fixed.period, problem: 'missing' });
    } else {
      const loaded = await load(anchor.digestKey);
      const entry = loaded.digest?.chains.find((c) => c.chain === chain);
      const problem: AnchorProblem | undefined = !loaded.bytes
        ? 'digest-missing'
        : loaded.sha256 !== anchor.digestSha256
          ? 'digest-sha256'
          : !entry
            ? 'not-in-digest'
            : entry.seq !== anchor.seq || entry.hash !== anchor.hash || loaded.digest?.period !== anchor.period
              ? 'differs-from-digest'
              : fixed && anchor.period < fixed.period
                ? 'stale'
                : undefined;
      if (problem) problems.push({ kind: 'anchor-mismatch', period: anchor.period, problem });
      const event = bySeq.get(anchor.seq);
      const alreadyReported = fixed && fixed.seq === anchor.seq && fixed.hash === anchor.hash;
      if (!problem && !alreadyReported && event?.hash !== anchor.hash) {
        problems.push({ kind: 'digest-mismatch', seq: anchor.seq, period: anchor.period, digestKey: anchor.digestKey, expected: anchor.hash, ...(event ? { found: event.hash } : {}) });
      }
    }

    const pending = events.filter((e) => e.seq > (fixed?.seq ?? 0) && typeof e.at === 'string' && e.at.slice(0, 13) <= cutoffHour);
    if (pending.length > 0) {
      problems.push({
        kind: 'undigested',
        fromSeq: Math.min(...pending.map((e) => e.seq)),
        toSeq: Math.max(...pending.map((e) => e.seq)),
        oldestAt: pending.map((e) => e.at).sort()[0]!,
      });
    }
    return { chain, events: events.length, ...(fixed ? { digestedThrough: fixed.seq } : {}), problems };
  });

  const problemCount = reports.reduce((n, r) => n + r.problems.length, 0) + digestProblems.length;
  return {
    ok: problemCount === 0,
    checkedAt: now.toISOString(),
    chains: reports,
    digests: { count: keys.length, problems: digestProblems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) },
    totals: {
      chains: reports.length,
      events: reports.reduce((n, r) => n + r.events, 0),
      chainsWithProblems: reports.filter((r) => r.problems.length > 0).length,
      problems: problemCount,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// An exported chain, checked offline against a published digest

export type ExportProblem =
  | ChainIssue
  | { kind: 'export-invalid'; message: string }
  | { kind: 'digest-invalid'; message: string }
  | { kind: 'digest-sha256'; expected: string; actual: string }
  | { kind: 'not-in-digest'; chain: string }
  /** The digest fixes a position outside the export (the export is older than the digest, or starts after it). */
  | { kind: 'not-covered'; digestSeq: number; firstSeq: number; lastSeq: number }
  | { kind: 'digest-mismatch'; seq: number; expected: string; found?: string };

export interface ExportVerification {
  ok: boolean;
  chain?: string;
  /** The digest's hour. */
  period?: string;
  firstSeq?: number;
  lastSeq?: number;
  /** Events firstSeq..verifiedThrough are exactly the ones the digest fixed. */
  verifiedThrough?: number;
  /** Events after verifiedThrough: recorded after the digest's hour, so not covered by it. */
  unverified: number;
  problems: ExportProblem[];
}

const ExportedEvent = z.looseObject({
  chain: z.string().min(1),
  seq: z.number().int().positive(),
  at: z.string(),
  prevHash: z.string().regex(HEX64),
  hash: z.string().regex(HEX64),
});

/**
 * Checks an exported chain (the events exactly as the log holds them, any order, the whole chain or a contiguous
 * part of it) against a published digest: the digest is well-formed with the right root (and, when
 * `digestSha256` is given, is byte for byte the published object), the events are intact and linked, and the
 * event at the digest's position carries the digest's hash. Pure: no network, no clock.
 */
export function verifyExport(events: unknown, digestInput: AuditDigest | Uint8Array | string | unknown, options: { digestSha256?: string } = {}): ExportVerification {
  const problems: ExportProblem[] = [];
  const fail = (problem: ExportProblem): ExportVerification => ({ ok: false, unverified: 0, problems: [problem] });

  if (options.digestSha256 !== undefined) {
    if (!(digestInput instanceof Uint8Array || typeof digestInput === 'string')) return fail({ kind: 'digest-invalid', message: 'the digest object’s bytes are needed to check its SHA-256' });
    const actual = sha256Hex(digestInput);
    if (actual !== options.digestSha256.toLowerCase()) return fail({ kind: 'digest-sha256', expected: options.digestSha256, actual });
  }
  const parsedDigest = parseDigest(digestInput);
  if ('error' in parsedDigest) return fail({ kind: 'digest-invalid', message: parsedDigest.error });
  const digest = parsedDigest.digest;
  for (const message of checkDigest(digest)) problems.push({ kind: 'digest-invalid', message });

  const parsedEvents = z.array(ExportedEvent).min(1).safeParse(events);
  if (!parsedEvents.success) return fail({ kind: 'export-invalid', message: parsedEvents.error.issues.map((i) => `events.${i.path.join('.')}: ${i.message}`).join('; ') });
  const sorted = ([...parsedEvents.data] as unknown as AuditEvent[]).sort((a, b) => a.seq - b.seq);
  const chain = sorted[0]!.chain;
  if (sorted.some((e) => e.chain !== chain)) return fail({ kind: 'export-invalid', message: 'the events belong to more than one chain' });
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.seq === sorted[i - 1]!.seq) return fail({ kind: 'export-invalid', message: `two events at position ${sorted[i]!.seq}` });
  }

  problems.push(...diagnoseChain(sorted, { partial: true }));
  const firstSeq = sorted[0]!.seq;
  const lastSeq = sorted.at(-1)!.seq;
  const entry = digest.chains.find((c) => c.chain === chain);
  let verifiedThrough: number | undefined;
  if (!entry) problems.push({ kind: 'not-in-digest', chain });
  else if (entry.seq < firstSeq || entry.seq > lastSeq) problems.push({ kind: 'not-covered', digestSeq: entry.seq, firstSeq, lastSeq });
  else {
    const event = sorted.find((e) => e.seq === entry.seq);
    if (event?.hash !== entry.hash) problems.push({ kind: 'digest-mismatch', seq: entry.seq, expected: entry.hash, ...(event ? { found: event.hash } : {}) });
    else verifiedThrough = entry.seq;
  }
  const ok = problems.length === 0;
  return {
    ok,
    chain,
    period: digest.period,
    firstSeq,
    lastSeq,
    ...(ok && verifiedThrough !== undefined ? { verifiedThrough } : {}),
    unverified: ok && verifiedThrough !== undefined ? sorted.filter((e) => e.seq > verifiedThrough).length : 0,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

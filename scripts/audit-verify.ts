/**
 * `npm run audit:verify`: checks the audit log against its published digests (docs/operations.md, "Audit log
 * tamper evidence").
 *
 *   npm run audit:verify                      every chain and every digest of the local stack (npm start)
 *   AUDIT_TABLE=... AUDIT_DIGESTS_BUCKET=... npm run audit:verify     the same in AWS (the usual AWS credentials)
 *   npm run audit:verify -- --chain PATIENT#<id> [--chain ...]        only these chains
 *   npm run audit:verify -- --export activity.json --digest 20.json [--digest-sha256 <hex>]
 *                                             an exported chain checked offline against a published digest
 *
 * Prints a few lines for each chain or digest with a problem, then a total; exits 1 when anything is wrong, 2 on a
 * usage or connection problem. Other options: --grace-minutes <n> (how long after its hour an event must be in a
 * digest, default 70), --json (the whole report as JSON).
 *
 * Locally the emulators' ports are read as `npm start` reads them: PORTAL_DYNAMODB_PORT (8000), PORTAL_S3_PORT (4569).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { handlerEnvironment } from '../infra/local/bootstrap';
import { buildAuditDigestDeps } from '../shared/platform/container';
import { loadAuditDigestConfig } from '../shared/platform/config';
import { BUCKETS, TABLES } from '../shared/platform/resources';
import { verifyAll, verifyExport, type ChainFinding, type ExportProblem, type VerifyReport } from '../shared/usecases/audit-digests';

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run audit:verify [-- --chain <chain> ... | --export <activity-export.json> --digest <digest.json> [--digest-sha256 <hex>]] [--grace-minutes <n>] [--json]`);
  process.exit(2);
}

const short = (hash?: string) => (hash ? `${hash.slice(0, 12)}…` : 'nothing');

/** One finding in words. */
function describeFinding(f: ChainFinding | ExportProblem): string {
  switch (f.kind) {
    case 'changed':
      return `event ${f.seq} was changed (its content no longer gives its hash)`;
    case 'missing':
      return `event ${f.seq} is missing`;
    case 'broken-link':
      return `event ${f.seq} does not link to the event before it`;
    case 'reordered':
      return `event ${f.seq} was written as event ${f.originalSeq} (re-ordered)`;
    case 'digest-mismatch':
      return 'period' in f
        ? `the digest of ${f.period} (${f.digestKey}) fixes event ${f.seq} as ${short(f.expected)}; the log has ${short(f.found)} (rewritten or cut short)`
        : `the digest fixes event ${f.seq} as ${short(f.expected)}; the export has ${short(f.found)}`;
    case 'anchor-mismatch':
      return `the anchor row${f.period ? ` of ${f.period}` : ''} disagrees with the digest archive (${f.problem})`;
    case 'undigested':
      return `events ${f.fromSeq}–${f.toSeq} (from ${f.oldestAt}) are in no digest: the publisher missed their hour`;
    case 'export-invalid':
      return `the export is not usable: ${f.message}`;
    case 'digest-invalid':
      return `the digest is not usable: ${f.message}`;
    case 'digest-sha256':
      return `the digest file is not the published one (SHA-256 ${short(f.actual)}, expected ${short(f.expected)})`;
    case 'not-in-digest':
      return `the digest does not name the chain ${f.chain}`;
    case 'not-covered':
      return `the digest fixes event ${f.digestSeq}, outside the exported events ${f.firstSeq}–${f.lastSeq}: use the digest of an hour the export covers`;
  }
}

function printReport(report: VerifyReport): void {
  for (const chain of report.chains.filter((c) => c.problems.length > 0)) {
    console.log(`✖ ${chain.chain} (${chain.events} events${chain.digestedThrough ? `, digested through ${chain.digestedThrough}` : ''})`);
    for (const finding of chain.problems) console.log(`    ${describeFinding(finding)}`);
  }
  for (const problem of report.digests.problems) console.log(`✖ ${problem.key}: ${problem.problem}: ${problem.message}`);
  const { chains, events, chainsWithProblems, problems } = report.totals;
  const checked = `Checked ${chains} chain${chains === 1 ? '' : 's'} (${events} events) and ${report.digests.count} digest${report.digests.count === 1 ? '' : 's'}`;
  if (report.ok) console.log(`✔ ${checked}: no problems.`);
  else console.log(`✖ ${checked}: ${problems} problem${problems === 1 ? '' : 's'} (${chainsWithProblems} chain${chainsWithProblems === 1 ? '' : 's'}, ${report.digests.problems.length} digest${report.digests.problems.length === 1 ? '' : 's'}).`);
}

function readJson(file: string, what: string): { bytes: Buffer; value: unknown } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    usage(`Cannot read the ${what} ${file}.`);
  }
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    usage(`The ${what} ${file} is not JSON.`);
  }
}

/**
 * The portal's activity download holds several chains (`{ exportedAt, chains: [{ chain, label, events }] }`): each
 * chain the digest lists must match it; chains the digest does not list changed in other hours and are named so.
 */
function checkPortalExport(chains: Array<{ chain?: unknown; label?: unknown; events?: unknown }>, digestFile: string, digestSha256: string | undefined, json: boolean): number {
  const digest = readJson(digestFile, 'digest');
  const results = chains.map((c) => ({ label: typeof c.label === 'string' ? c.label : String(c.chain), result: verifyExport(c.events, digest.bytes, digestSha256 ? { digestSha256 } : {}) }));
  const inDigest = results.filter((r) => !r.result.problems.some((p) => p.kind === 'not-in-digest'));
  const ok = inDigest.length > 0 && inDigest.every((r) => r.result.ok);
  if (json) console.log(JSON.stringify(results, null, 2));
  else {
    for (const { label, result } of results) {
      if (result.problems.some((p) => p.kind === 'not-in-digest')) console.log(`- ${label}: not in this digest (it did not change in that hour); check it against the digest of an hour it changed.`);
      else if (result.ok) console.log(`✔ ${label}: events ${result.firstSeq}–${result.verifiedThrough} are exactly the ones the digest of ${result.period} fixed.`);
      else {
        console.log(`✖ ${label}: does not match the digest${result.period ? ` of ${result.period}` : ''}.`);
        for (const problem of result.problems) console.log(`    ${describeFinding(problem)}`);
      }
    }
    if (!inDigest.length) console.log('✖ None of the exported chains is in this digest.');
  }
  return ok ? 0 : 1;
}

function checkExport(exportFile: string, digestFile: string, digestSha256: string | undefined, json: boolean): number {
  const raw = readJson(exportFile, 'export').value as { chains?: unknown };
  if (raw && !Array.isArray(raw) && Array.isArray(raw.chains)) return checkPortalExport(raw.chains as Array<{ chain?: unknown }>, digestFile, digestSha256, json);
  const exported = raw as { chain?: unknown; events?: unknown } | unknown[];
  const digest = readJson(digestFile, 'digest');
  const events = Array.isArray(exported) ? exported : exported?.events;
  const result = verifyExport(events, digest.bytes, digestSha256 ? { digestSha256 } : {});
  const declared = Array.isArray(exported) ? undefined : exported?.chain;
  if (result.chain && declared !== undefined && declared !== result.chain) {
    result.problems.push({ kind: 'export-invalid', message: `the export says chain ${String(declared)}, its events say ${result.chain}` });
    result.ok = false;
  }
  if (json) console.log(JSON.stringify(result, null, 2));
  else if (result.ok) {
    console.log(`✔ ${result.chain}: events ${result.firstSeq}–${result.verifiedThrough} are exactly the ones the digest of ${result.period} fixed.`);
    if (result.unverified > 0) console.log(`  ${result.unverified} later event${result.unverified === 1 ? '' : 's'} (after ${result.verifiedThrough}) need a later digest.`);
    if (!digestSha256) console.log('  The digest file itself was not checked against a published SHA-256 (--digest-sha256).');
  } else {
    console.log(`✖ ${result.chain ?? exportFile}: the export does not match the digest${result.period ? ` of ${result.period}` : ''}.`);
    for (const problem of result.problems) console.log(`    ${describeFinding(problem)}`);
  }
  return result.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      chain: { type: 'string', multiple: true },
      export: { type: 'string' },
      digest: { type: 'string' },
      'digest-sha256': { type: 'string' },
      'grace-minutes': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.export || values.digest) {
    if (!values.export || !values.digest) usage('--export and --digest go together.');
    return checkExport(values.export, values.digest, values['digest-sha256'], !!values.json);
  }
  const grace = values['grace-minutes'] === undefined ? undefined : Number(values['grace-minutes']);
  if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) usage('--grace-minutes must be a whole number of minutes.');

  const aws = !!process.env[TABLES.audit.envVar] && !!process.env[BUCKETS.auditDigests.envVar];
  let target: string;
  if (aws) {
    target = `${process.env[TABLES.audit.envVar]} and s3://${process.env[BUCKETS.auditDigests.envVar]}`;
  } else {
    // The local stack, on the ports npm start uses.
    const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
    Object.assign(process.env, handlerEnvironment({ dynamodb: port('PORTAL_DYNAMODB_PORT', 8000), s3: port('PORTAL_S3_PORT', 4569), cognito: port('PORTAL_COGNITO_PORT', 9329) }));
    target = `the local stack (DynamoDB Local :${port('PORTAL_DYNAMODB_PORT', 8000)}, s3rver :${port('PORTAL_S3_PORT', 4569)})`;
  }
  if (!values.json) console.log(`Verifying the audit log of ${target}…`);
  const deps = buildAuditDigestDeps(loadAuditDigestConfig(process.env));
  let report: VerifyReport;
  try {
    report = await verifyAll(deps, { ...(values.chain ? { chains: values.chain } : {}), ...(grace !== undefined ? { graceMinutes: grace } : {}) });
  } catch (error) {
    const name = (error as Error).name;
    const refused = /ECONNREFUSED|fetch failed/.test(`${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`) || name === 'TimeoutError';
    console.error(refused && !aws ? 'Cannot reach the local stack: start it with `npm start` (or set AUDIT_TABLE and AUDIT_DIGESTS_BUCKET for AWS).' : `Verification could not run: ${name}: ${(error as Error).message}`);
    return 2;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report);
  return report.ok ? 0 : 1;
}

process.exitCode = await main();

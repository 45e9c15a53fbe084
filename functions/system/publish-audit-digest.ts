/**
 * Scheduled (EventBridge, once an hour; not an API route): publishes the audit log digest of the previous hour,
 * and of the hour before it so that a run that failed is made good by the next one. Idempotent.
 *
 * An operator may also invoke it by hand for hours further back (after an outage), e.g.
 *   aws lambda invoke --function-name <PublishAuditDigest function> --payload '{"hours":["2026-11-22T03"]}' out.json
 * Only hours that have ended are accepted: a digest is written once and must list the whole hour.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { buildAuditDigestDeps } from '../../shared/platform/container';
import { dueHours, hourOf, isHour, publishAuditDigest, type AuditDigestDeps, type PublishResult } from '../../shared/usecases/audit-digests';

/** EventBridge's scheduled event (its `time` is the scheduled instant), or a manual list of hours. */
export type PublishAuditDigestEvent = { time?: string; hours?: unknown };

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'patient-portal' });

let deps: AuditDigestDeps | undefined;

/** For tests: the dependencies the handler uses. */
export function setAuditDigestDeps(next: AuditDigestDeps | undefined): void {
  deps = next;
}

export async function handler(event: PublishAuditDigestEvent = {}): Promise<{ published: Array<Omit<PublishResult, 'root'>> }> {
  deps ??= buildAuditDigestDeps();
  const current = hourOf(deps.clock.now());
  let hours: string[];
  if (event.hours !== undefined) {
    if (!Array.isArray(event.hours) || event.hours.length === 0 || event.hours.length > 168 || !event.hours.every((h) => typeof h === 'string' && isHour(h) && h < current)) {
      throw new Error('hours must be a list of up to 168 ended hours, each YYYY-MM-DDTHH (UTC)');
    }
    hours = [...new Set(event.hours as string[])].sort();
  } else {
    // The scheduled instant, not the start of this run: a retried invocation publishes the same hours.
    const scheduled = event.time ? new Date(event.time) : deps.clock.now();
    hours = dueHours(Number.isNaN(scheduled.getTime()) ? deps.clock.now() : scheduled);
  }

  const published: Array<Omit<PublishResult, 'root'>> = [];
  for (const hour of hours) {
    const { root: _root, ...result } = await publishAuditDigest(deps, hour);
    published.push(result);
  }
  // Counts and keys only: chain names carry patient and account ids.
  logger.info('audit digests', { published: published.map(({ period, chains, written, conflict }) => ({ period, chains, written, conflict })) });
  const conflicts = published.filter((p) => p.conflict).map((p) => p.period);
  if (conflicts.length > 0) {
    // The archive keeps what it has (write-once); make the run fail so that the Errors metric shows it.
    logger.error('audit digest differs from the published one', { periods: conflicts });
    throw new Error(`The published audit digest of ${conflicts.join(', ')} lists other chain heads than the log now has for that hour.`);
  }
  return { published };
}

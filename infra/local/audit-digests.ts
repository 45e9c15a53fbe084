/**
 * The local stack's audit digest publisher. In AWS an EventBridge rule runs functions/system/publish-audit-digest.ts
 * once an hour for the hours that have ended; locally there is no later run to wait for, so this publishes the
 * hour in progress as well (and the one before), every minute, replacing the hour's digest as it grows. s3rver has
 * neither Object Lock nor conditional puts: the local archive shows the format and the checks, not the guarantee.
 */
import { dueHours, publishAuditDigest, type AuditDigestDeps, type PublishResult } from '../../shared/usecases/audit-digests';

export class LocalDigestPublisher {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: AuditDigestDeps,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Publishes `hour`, or the hour in progress and the one before; runs one at a time. */
  publish(hour?: string): Promise<{ published: PublishResult[] }> {
    const run = this.running.then(async () => {
      const hours = hour ? [hour] : dueHours(this.deps.clock.now(), { includeCurrent: true });
      const published: PublishResult[] = [];
      for (const h of hours) published.push(await publishAuditDigest(this.deps, h, { replace: true }));
      return { published };
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Publishes now and then every `intervalMs`. */
  start(intervalMs: number): void {
    const tick = () =>
      void this.publish().catch((error: unknown) => this.log(`audit digest publisher failed: ${(error as Error).name}`));
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

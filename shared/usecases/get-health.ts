import type { Health } from '../domain/schemas';
import type { Deps } from './deps';

/** Probes each backing service concurrently; the portal is 'ok' only when all answer. */
export async function getHealth(deps: Deps): Promise<Health> {
  const entries = await Promise.all(
    (Object.entries(deps.health) as Array<[keyof Health['services'], () => Promise<void>]>).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await probe();
        return [name, { state: 'up' as const, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        // The error's name only (e.g. ResourceNotFoundException): enough to act on, nothing sensitive.
        return [name, { state: 'down' as const, latencyMs: Math.round(performance.now() - started), detail: (error as Error).name || 'Error' }] as const;
      }
    }),
  );
  const services = Object.fromEntries(entries) as Health['services'];
  return { status: Object.values(services).every((s) => s.state === 'up') ? 'ok' : 'degraded', services };
}

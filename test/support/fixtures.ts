import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Third-party fixtures live in ../shared/fixtures beside the repository (CI has them; a user's clone does not).
 * They are read from there, never copied in. Suites that need them are skipped, saying so, when absent.
 */
export const FIXTURES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');
export const HAS_FIXTURES = existsSync(FIXTURES_DIR);

export function fixtureFiles(folder: string): string[] {
  if (!HAS_FIXTURES) return [];
  const dir = join(FIXTURES_DIR, folder);
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : [];
}

export function skipNoticeIfMissing(suite: string): void {
  if (!HAS_FIXTURES) console.warn(`[skipped] ${suite}: ../shared/fixtures is not present beside this clone; these tests run where it is (CI).`);
}

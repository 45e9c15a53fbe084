import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/emulators';
import { seedDemo } from '../../infra/local/seed';
import { startLocalStack } from '../../infra/local/stack';
import { CHROMIUM } from '../../playwright.config';

export default async function globalSetup() {
  if (!CHROMIUM) {
    if (process.env.CI) throw new Error('No Chromium found: .ci/run installs Debian’s chromium; set CHROMIUM_PATH if it lives elsewhere.');
    console.warn('[skipped] browser tests: no Chromium found (install Debian’s `chromium` package or set CHROMIUM_PATH).');
    process.env.PORTAL_E2E_SKIP = 'no-chromium';
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    port: await freePort(),
    ports: { dynamodb: await freePort(), s3: await freePort(), cognito: await freePort() },
    web: 'static',
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  });
  await seedDemo(stack.clients.dynamo, stack.clients.cognito, dataDir);
  process.env.PORTAL_E2E_URL = stack.url;
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

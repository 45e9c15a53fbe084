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
    // Files above 6 MiB go up in 5 MiB parts (S3's smallest), as in the integration stack: parts without gigabytes.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', MULTIPART_THRESHOLD_BYTES: String(6 * 1024 * 1024), MULTIPART_PART_BYTES: String(5 * 1024 * 1024) },
  });
  await seedDemo(stack.clients.dynamo, stack.clients.cognito, dataDir);
  process.env.PORTAL_E2E_URL = stack.url;
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

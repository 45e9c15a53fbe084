import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/emulators';
import { seedDemo } from '../../infra/local/seed';
import { startLocalStack } from '../../infra/local/stack';
import { CHROMIUM } from '../../playwright.config';
import { captureStackOutput, keepOutput, outputFiles, phiOfStack, phiReport, scanForPhi, type PhiFinding } from '../integration/global-setup';

export default async function globalSetup() {
  if (!CHROMIUM) {
    if (process.env.CI) throw new Error('No Chromium found: .ci/run installs Debian’s chromium; set CHROMIUM_PATH if it lives elsewhere.');
    console.warn('[skipped] browser tests: no Chromium found (install Debian’s `chromium` package or set CHROMIUM_PATH).');
    process.env.PORTAL_E2E_SKIP = 'no-chromium';
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  // Everything the stack writes (handlers, Powertools, the gateway) also goes to a file, scanned for PHI at the end
  // (the same capture and scan as the integration suite's: test/integration/global-setup.ts).
  const capture = captureStackOutput(join(dataDir, 'stack-output.log'));
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    port: await freePort(),
    ports: { dynamodb: await freePort(), s3: await freePort(), cognito: await freePort() },
    web: 'static',
    // Files above 6 MiB go up in 5 MiB parts (S3's smallest), as in the integration stack: parts without gigabytes.
    // Handlers log at DEBUG for the PHI scan; the terminal still shows only warnings and errors.
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG', MULTIPART_THRESHOLD_BYTES: String(6 * 1024 * 1024), MULTIPART_PART_BYTES: String(5 * 1024 * 1024) },
  }).catch((error: unknown) => {
    capture.stop();
    throw error;
  });
  await seedDemo(stack.clients.dynamo, stack.clients.cognito, dataDir);
  process.env.PORTAL_E2E_URL = stack.url;
  return async () => {
    const files = outputFiles(capture.file, dataDir);
    let findings: PhiFinding[] = [];
    try {
      findings = scanForPhi(files, await phiOfStack(stack.clients));
    } finally {
      capture.stop();
      await stack.stop();
    }
    const kept = findings.length ? keepOutput(files, 'portal-e2e') : undefined;
    rmSync(dataDir, { recursive: true, force: true });
    if (kept) {
      process.exitCode = 1;
      throw new Error(phiReport(findings, kept));
    }
  };
}

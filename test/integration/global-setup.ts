import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../infra/local/emulators';
import { startLocalStack } from '../../infra/local/stack';

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
  const ports = { dynamodb: await freePort(), s3: await freePort(), cognito: await freePort() };
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    port: await freePort(),
    ports,
    web: 'none',
    // Low enough to reach in a test, high enough that the suite's own deliberate failures do not trip it.
    // Parts from 6 MiB on, in 5 MiB parts (S3's smallest), so that the multipart path runs on small test files.
    env: { MULTIPART_THRESHOLD_BYTES: String(6 * 1024 * 1024), MULTIPART_PART_BYTES: String(5 * 1024 * 1024), POWERTOOLS_LOG_LEVEL: 'WARN', LIMIT_INVITATION_FAILURES_PER_IP: '200', LIMIT_INVITATION_FAILURES_PER_ACCOUNT: '5', LIMIT_SIGN_IN_FAILURES_PER_EMAIL: '5' },
  });
  project.provide('stack', { url: stack.url, ports: stack.ports, dataDir });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

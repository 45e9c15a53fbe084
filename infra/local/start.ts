/**
 * `npm start`: the whole portal on this machine. Checks prerequisites, refuses to start twice, starts the
 * emulators and the gateway, seeds the demo once, prints the URL and the demo sign-ins, and stops every child
 * process on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { portInUse } from './emulators';
import { seedDemo, type DemoCredentials } from './seed';
import { portalVersion, REPO_ROOT, startLocalStack } from './stack';

function fail(message: string): never {
  console.error(`\n  ✖ ${message}\n`);
  process.exit(1);
}

function checkPrerequisites(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node.js ${process.versions.node} is too old: the portal needs Node.js 20.19 or newer (https://nodejs.org, or \`nvm install 22\`).`);
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    fail('Java is missing: DynamoDB Local needs Java 17 or newer (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`).');
  }
  const version = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`)?.[1];
  if (version && Number(version) < 17) fail(`Java ${version} is too old: DynamoDB Local needs Java 17 or newer.`);
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name}=${raw} is not a port number.`);
  return port;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function printBanner(url: string, credentials: DemoCredentials | undefined, dataDir: string, mode: string): void {
  const lines = [
    '',
    `  Open Patient Portal ${portalVersion()} is running (${mode})`,
    '',
    `  ➜  Portal:  ${url}`,
    `  ➜  Health:  ${url}/api/health`,
    `  ➜  E-mail:  ${url}/_local/outbox (what the portal would have sent; nothing leaves this machine)`,
    '  ➜  Audit:   digests of the audit log published every minute; `npm run audit:verify` checks them',
    `  ➜  Data:    ${dataDir} (kept between runs; delete it to start over)`,
    '',
  ];
  if (credentials) {
    lines.push('  Demo sign-ins (local only):');
    for (const a of credentials.accounts) lines.push(`    ${a.role.padEnd(8)} ${a.email.padEnd(28)} ${a.password.padEnd(20)} ${a.description}`);
    const inv = credentials.openInvitation;
    lines.push('', `  Try signing up: ${inv.name}, born ${inv.birthDate}, invitation code ${inv.code}`);
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  checkPrerequisites();
  const dataDir = resolve(process.env.PORTAL_DATA_DIR ?? join(REPO_ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const port = envPort('PORTAL_PORT', 3000);
  const ports = {
    dynamodb: envPort('PORTAL_DYNAMODB_PORT', 8000),
    s3: envPort('PORTAL_S3_PORT', 4569),
    cognito: envPort('PORTAL_COGNITO_PORT', 9329),
  };
  const web = process.env.PORTAL_WEB === 'static' ? 'static' : 'vite';

  const pidFile = join(dataDir, 'portal.pid');
  if (existsSync(pidFile)) {
    const [pidText, runningUrl] = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(pidText);
    if (pid && processAlive(pid)) {
      fail(`The portal is already running (process ${pid}) at ${runningUrl}. Use that one, or stop it first with Ctrl-C in its terminal.`);
    }
  }
  const names: Record<string, string> = { PORTAL_PORT: String(port), PORTAL_DYNAMODB_PORT: String(ports.dynamodb), PORTAL_S3_PORT: String(ports.s3), PORTAL_COGNITO_PORT: String(ports.cognito) };
  for (const [name, value] of Object.entries(names)) {
    if (await portInUse(Number(value))) fail(`Port ${value} is already in use by another program. Stop it, or choose another port: ${name}=<port> npm start`);
  }

  const started = Date.now();
  console.log('  Starting DynamoDB Local, s3rver and cognito-local…');
  const stack = await startLocalStack({ dataDir, port, ports, web, log: (l) => console.log(`  ${l}`) }).catch((error: Error) => fail(`Could not start the local stack: ${error.message}`));
  writeFileSync(pidFile, `${process.pid}\n${stack.url}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the portal and its emulators…`);
    await stack.stop();
    rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let credentials = await seedDemo(stack.clients.dynamo, stack.clients.cognito, dataDir);
  if (credentials) console.log('  Seeded the demo practices, users and records.');
  const credentialsFile = join(dataDir, 'demo-credentials.json');
  if (!credentials && existsSync(credentialsFile)) credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoCredentials;
  printBanner(stack.url, credentials, dataDir, `${web === 'vite' ? 'development, hot reload' : 'production build'}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

void main().catch((error: unknown) => fail((error as Error).message));

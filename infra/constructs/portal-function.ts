import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDef } from '../../shared/platform/routes';
import { LOG_RETENTION } from './defaults';
import { NAG, acknowledge } from './nag';

/**
 * The Lambda runtime of every API function. Node 22 rather than the newest (24): the project develops and tests
 * on Node 20/22 (TOOLCHAIN.md: several pinned dependencies do not support newer majors yet), and code should run
 * in AWS on the major it was tested on. Lambda supports Node 22 until 2027.
 */
export const PORTAL_RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * esbuild banner for ESM bundles: some CommonJS dependencies call `require`, which ESM does not define.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** A function that no route serves: EventBridge runs it on a schedule. */
export interface JobDef {
  /** PascalCase id, used for the CDK construct. */
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly handler: string;
  /** What it does, for the function's and its role's descriptions. */
  readonly description: string;
  readonly runtime?: { readonly memoryMb?: number; readonly timeoutSeconds?: number };
}

/** Properties of {@link PortalFunction}. */
export interface PortalFunctionProps {
  /** The route this function serves (`route.handler` is its entry module), or the scheduled job it runs. */
  readonly route: RouteDef | JobDef;
  /** Repository root: entry modules are resolved against it, and it holds package-lock.json. */
  readonly projectRoot: string;
  /** Environment variables (the resource names and identity configuration). */
  readonly environment: Readonly<Record<string, string>>;
  /** Key for the function's log group. */
  readonly logsKey: kms.IKey;
  /** Managed policies that implement the route's grants (or the job's); the role gets nothing else but logs and X-Ray. */
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
  /** @default - no reserved concurrency (the account's unreserved pool) */
  readonly reservedConcurrentExecutions?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 MiB */
  readonly memorySize?: number;
}

/**
 * One API handler as a Lambda function with the project's defaults: ESM bundle built by the local esbuild (no
 * Docker) with the AWS SDK left to the runtime, arm64, JSON logs into a KMS-encrypted log group with retention,
 * X-Ray tracing, and a role of its own that holds only the route's grants.
 *
 * When the handler module does not exist yet and bundling is skipped (unit tests, `cdk ls`), the function gets a
 * placeholder body and a warning; with bundling on (synth, deploy) a missing module fails synth.
 */
export class PortalFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Absolute path of the handler module. */
  public readonly entry: string;

  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    super(scope, id);
    const { route } = props;
    const api = 'method' in route ? route : undefined;
    const what = api ? `${api.method} ${api.path}` : `job ${route.id}: ${(route as JobDef).description}`;
    this.entry = path.join(props.projectRoot, route.handler);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: LOG_RETENTION,
      encryptionKey: props.logsKey,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: api ? `Patient portal ${what}: grants ${api.grants.join(', ') || 'none'}` : `Patient portal ${what}`.slice(0, 1000),
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
    // Instead of AWSLambdaBasicExecutionRole (any log group): this function's log group only.
    this.logGroup.grantWrite(this.role);

    const entryExists = existsSync(this.entry);
    if (!entryExists && Stack.of(this).bundlingRequired) {
      throw new Error(`Route ${route.id}: handler module ${route.handler} does not exist (routes.ts names it)`);
    }
    if (!entryExists) {
      Annotations.of(this).addWarningV2(
        'portal:missing-handler',
        `Handler module ${route.handler} does not exist yet; synthesized with a placeholder because bundling is skipped.`,
      );
    }

    this.function = new NodejsFunction(this, 'Function', {
      description: `Patient portal ${what}`.slice(0, 256),
      ...(entryExists
        ? { entry: this.entry, handler: 'handler', projectRoot: props.projectRoot, depsLockFilePath: path.join(props.projectRoot, 'package-lock.json') }
        : { code: lambda.Code.fromInline('export const handler = async () => { throw new Error("not built"); };'), handler: 'index.handler' }),
      runtime: PORTAL_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? route.runtime?.memoryMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(route.runtime?.timeoutSeconds ?? 10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Debug lines never leave the function, even if a log level is raised by mistake in code.
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // Stack traces need line mappings, not a copy of the sources inside every bundle.
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        forceDockerBundling: false,
        ...(api?.runtime?.nodeModules ? { nodeModules: [...api.runtime.nodeModules] } : {}),
      },
    });

    acknowledge(
      this,
      'X-Ray accepts trace segments only on Resource "*" (it has no resource-level permissions).',
      NAG.iamWildcard('Resource::*'),
    );
    acknowledge(
      this,
      "The role's inline policy (logs to this function's own log group, X-Ray) belongs to exactly one role and is deleted with it; data access comes from the reviewed managed policies of the route's grants.",
      NAG.hipaaInlinePolicy,
    );
    acknowledge(
      this,
      api
        ? 'API Gateway invokes the function synchronously and returns any error to the caller; there are no asynchronous invocations whose events a DLQ could keep.'
        : 'The schedule invokes the job again every hour and each run redoes the hours before it, so a failed run is made good by the next; the scheduled event carries no data a DLQ would need to keep, and failures show in the Errors metric.',
      NAG.hipaaLambdaDlq,
    );
    acknowledge(
      this,
      'The function reaches only AWS service endpoints (DynamoDB, S3, Cognito, Secrets Manager, SES, X-Ray) over TLS with IAM-signed requests; a VPC would add NAT or endpoint cost and protect nothing here.',
      NAG.hipaaLambdaVpc,
    );
    acknowledge(this, `Runs on ${PORTAL_RUNTIME.name}, the Node major the project is developed and tested on (see PORTAL_RUNTIME).`, NAG.lambdaLatestRuntime);
    if (props.reservedConcurrentExecutions === undefined) {
      acknowledge(
        this,
        api
          ? 'No reserved concurrency by default: a new account has a concurrency quota of 10, and reserving it per function would make deployment fail. Set portal:reservedConcurrency where the quota allows; the API stage throttle caps request rates meanwhile.'
          : 'No reserved concurrency by default (a new account has a concurrency quota of 10 and a reservation would make deployment fail); the job runs once an hour and its work is idempotent.',
        NAG.hipaaLambdaConcurrency,
      );
    }
  }
}

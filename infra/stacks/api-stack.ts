import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { MAIL_ENV } from '../../shared/platform/config';
import { AUTH_ENV, BUCKETS, TABLES } from '../../shared/platform/resources';
import { ROUTES, type RouteDef } from '../../shared/platform/routes';
import { policiesForGrant } from '../constructs/access-policies';
import { LOG_RETENTION, SERVICE_NAME } from '../constructs/defaults';
import { PortalMail, type PortalMailProps } from '../constructs/mail';
import { acknowledge } from '../constructs/nag';
import { PortalFunction } from '../constructs/portal-function';
import type { AuthStack } from './auth-stack';
import type { DataStack, TableKey } from './data-stack';

/** Requests per second (steady, burst) for the whole stage, and for the unauthenticated sign-in endpoints. */
export const API_THROTTLE = {
  default: { rateLimit: 100, burstLimit: 200 },
  // Credential-guessing needs volume; honest users sign in a few times a day.
  auth: { rateLimit: 20, burstLimit: 40 },
} as const;

/**
 * Paths that may be served without the JWT authorizer: the sign-in, sign-up and MFA flows (they hand out the
 * tokens), the health check, and the recipient endpoints (a third party a patient sent records to has no account:
 * the handler checks the 256-bit link token, the access code with a per-link lock-out, and a session it issued).
 * A route with `auth: 'none'` elsewhere is not acknowledged, so cdk-nag (APIG4) fails synth until someone reviews
 * it and adds it here.
 */
export const PUBLIC_PATHS: readonly RegExp[] = [/^\/api\/auth\//, /^\/api\/health$/, /^\/api\/recipient\//];

/**
 * Access-log line of the API stage: who called which route, the outcome and timings. `routeKey` is the route
 * template (`GET /api/practice/patients/{patientId}`), so neither path parameters nor query strings are logged,
 * and no request or response body ever is.
 */
export const API_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
} as const;

/** Properties of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly data: DataStack;
  readonly auth: AuthStack;
  /** Repository root, against which the route table's handler paths are resolved. */
  readonly projectRoot: string;
  /** Reserved concurrency for each function. @default - none */
  readonly reservedConcurrency?: number;
  /** The route table. @default ROUTES from shared/platform/routes.ts */
  readonly routes?: readonly RouteDef[];
  /** E-mail notices: sender, SES identity, configuration set. @default - e-mail off (see PortalMail) */
  readonly mail?: PortalMailProps;
  /**
   * The portal's public origin (https://portal.example.org), the base of links in e-mails (PORTAL_URL). It cannot
   * be read from the web stack's distribution, which depends on this stack; buildApp takes it from context.
   * @default - not set: the functions' mailer refuses to send rather than send links to nowhere
   */
  readonly portalUrl?: string;
}

/**
 * The HTTP API: one Lambda function per entry of the route table, behind the Cognito JWT authorizer when the route
 * says `auth: 'jwt'`, each with a role that holds exactly the route's grants.
 */
export class ApiStack extends Stack {
  public readonly httpApi: apigw.HttpApi;
  public readonly stage: apigw.HttpStage;
  public readonly authorizer: HttpUserPoolAuthorizer;
  /** The functions, by route id. */
  public readonly functions: Readonly<Record<string, PortalFunction>>;
  public readonly accessLogGroup: logs.LogGroup;
  /** The sender identity and the `mail:send` grant. */
  public readonly mail: PortalMail;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { data, auth } = props;
    const routes = props.routes ?? ROUTES;

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Patient portal API (reached through CloudFront at /api/*)',
      // Same origin through CloudFront: no CORS.
      createDefaultStage: false,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: data.logsKey,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE.default,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
      },
    });

    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', auth.userPool, {
      userPoolClients: [auth.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });

    if (props.portalUrl !== undefined && !/^https:\/\/[^/\s*]+$/.test(props.portalUrl)) {
      throw new Error(`ApiStack: portalUrl must be an https origin without a path, got "${props.portalUrl}"`);
    }
    this.mail = new PortalMail(this, 'Mail', props.mail);

    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      ...Object.fromEntries(
        (Object.keys(TABLES) as TableKey[]).map((key) => [TABLES[key].envVar, data.tables[key].tableName]),
      ),
      ...Object.fromEntries(
        (Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]).map((key) => [BUCKETS[key].envVar, data.buckets[key].bucketName]),
      ),
      [AUTH_ENV.userPoolId]: auth.userPool.userPoolId,
      [AUTH_ENV.clientId]: auth.userPoolClient.userPoolClientId,
      [AUTH_ENV.clientSecretArn]: auth.clientSecret.secretArn,
      [AUTH_ENV.requireStaffMfa]: 'true',
      ...this.mail.environment,
      ...(props.portalUrl ? { [MAIL_ENV.portalUrl]: props.portalUrl } : {}),
    };

    const functions: Record<string, PortalFunction> = {};
    // RouteSettings is a raw JSON map in CloudFormation: route key to settings, with CloudFormation's property names.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const throttledRoutes: apigw.HttpRoute[] = [];
    for (const route of routes) {
      const fn = new PortalFunction(this, route.id, {
        route,
        projectRoot: props.projectRoot,
        environment,
        logsKey: data.logsKey,
        managedPolicies: [...new Set(route.grants.flatMap((grant) => policiesForGrant(grant, [data.accessPolicies, auth.accessPolicies, this.mail.accessPolicies])))],
        reservedConcurrentExecutions: props.reservedConcurrency,
      });
      functions[route.id] = fn;

      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn.function),
        authorizer: route.auth === 'jwt' ? this.authorizer : new apigw.HttpNoneAuthorizer(),
      });
      if (route.auth === 'none' && PUBLIC_PATHS.some((pattern) => pattern.test(route.path))) {
        acknowledge(
          httpRoute!,
          `${route.method} ${route.path} is public by design: callers use it to obtain a session (or to check health) and have no token yet; the handler validates its input and the credentials itself.`,
          'AwsSolutions-APIG4',
        );
        // Both hand out access on a secret (a password, a link and code): guessing needs volume, so throttle harder.
        if (route.path.startsWith('/api/auth/') || route.path.startsWith('/api/recipient/')) {
          routeSettings[`${route.method} ${route.path}`] = {
            ThrottlingRateLimit: API_THROTTLE.auth.rateLimit,
            ThrottlingBurstLimit: API_THROTTLE.auth.burstLimit,
          };
          throttledRoutes.push(httpRoute!);
        }
      }
    }
    this.functions = functions;

    if (throttledRoutes.length > 0) {
      const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
      cfnStage.routeSettings = routeSettings;
      // Route settings name routes by key; the routes must exist before the stage refers to them.
      cfnStage.node.addDependency(...throttledRoutes);
    }

    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.apiEndpoint, description: 'Execute-api endpoint (CloudFront forwards /api/* here)' });
  }
}

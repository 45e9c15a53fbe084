import { Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CUSTOM_ATTRIBUTES, GROUPS, PASSWORD_POLICY, SESSION } from '../../shared/platform/resources';
import type { AccessPolicies } from '../constructs/access-policies';
import { NAG, acknowledge } from '../constructs/nag';

/** Properties of {@link AuthStack}. */
export interface AuthStackProps extends StackProps {
  /**
   * Cognito threat protection (compromised-credential detection, adaptive authentication), which needs the Plus
   * feature plan. Default true; false runs the pool on Essentials.
   * @default true
   */
  readonly threatProtection?: boolean;
}

/** Groups in precedence order: the lowest precedence wins if a user were ever in two. */
const GROUP_PRECEDENCE: Record<keyof typeof GROUPS, number> = { admin: 0, staff: 1, patient: 2 };

/**
 * Identity: the Cognito user pool (one group per role), its confidential app client, and a Secrets Manager copy of
 * the client secret for the Lambdas. Implements the `userpool:*` grants and the Cognito part of `health`.
 *
 * Sign-up design: patients sign up through our API, which first validates an invitation code and then calls
 * Cognito's SignUp with this app client. SignUp only works on a pool with self sign-up enabled, so self sign-up
 * stays on; what keeps people from signing themselves up around the invitation check is that the app client is
 * confidential (it has a secret). Every client-side Cognito call that creates or signs in a user (SignUp,
 * InitiateAuth, ForgotPassword...) needs the SECRET_HASH, and only our Lambdas can read the secret. The portal
 * never talks to Cognito directly.
 */
export class AuthStack extends Stack {
  public readonly userPool: cognito.UserPool;
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The app client's secret, for the Lambdas (ARN in the AUTH_ENV.clientSecretArn variable). */
  public readonly clientSecret: secretsmanager.Secret;
  /** Key of the client-secret copy. */
  public readonly secretsKey: kms.Key;
  /** One group per GROUPS entry, by the same key. */
  public readonly groups: Readonly<Record<keyof typeof GROUPS, cognito.UserPoolGroup>>;
  /** Managed policies implementing the identity grants. */
  public readonly accessPolicies: AccessPolicies;

  constructor(scope: Construct, id: string, props: AuthStackProps = {}) {
    super(scope, id, props);
    const threatProtection = props.threatProtection ?? true;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // See the class comment: on, but only usable with the client secret.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed e-mail address takes effect only once verified; until then the old one still signs in.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [CUSTOM_ATTRIBUTES.practiceId]: new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }),
      },
      passwordPolicy: {
        ...PASSWORD_POLICY,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Staff MFA is enforced by the sign-in endpoint (REQUIRE_STAFF_MFA on the auth handlers), which knows the
      // user's group; patients are offered it (ONC 170.315(d)(13)). TOTP only: SMS is phishable and costs money.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: threatProtection ? cognito.StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'MFA is OPTIONAL at the pool because the pool cannot require it per group: the sign-in endpoint refuses staff and admins without TOTP (REQUIRE_STAFF_MFA=true) and patients are offered it, as ONC 170.315(d)(13) asks.',
      'AwsSolutions-COG2',
    );
    if (!threatProtection) {
      acknowledge(
        this.userPool,
        'Threat protection was switched off for this deployment (portal:threatProtection=false); the Plus plan it needs is billed per active user.',
        'AwsSolutions-COG8',
      );
    }

    const groups = {} as Record<keyof typeof GROUPS, cognito.UserPoolGroup>;
    for (const [key, groupName] of Object.entries(GROUPS) as [keyof typeof GROUPS, string][]) {
      groups[key] = this.userPool.addGroup(`${key.charAt(0).toUpperCase()}${key.slice(1)}Group`, {
        groupName,
        precedence: GROUP_PRECEDENCE[key],
        description: `Patient portal role: ${key}`,
      });
    }
    this.groups = groups;

    this.userPoolClient = this.userPool.addClient('PortalClient', {
      // Confidential: only holders of the secret (our Lambdas) can sign users up or in.
      generateSecret: true,
      authFlows: { userPassword: true },
      // No hosted UI, no OAuth flows: the portal signs in through our API only.
      disableOAuth: true,
      idTokenValidity: Duration.minutes(SESSION.idTokenMinutes),
      accessTokenValidity: Duration.minutes(SESSION.accessTokenMinutes),
      refreshTokenValidity: Duration.hours(SESSION.refreshTokenHours),
      // Time to answer an MFA challenge.
      authSessionValidity: Duration.minutes(3),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Users may change only their e-mail address (SignUp writes it, through this client) - never
      // custom:practice_id, which decides which practice's records a staff member sees. Admin APIs set that.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
      // With threat protection, the sign-in endpoint passes the viewer's IP address to Cognito.
      enablePropagateAdditionalUserContextData: threatProtection,
    });

    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: 'Patient portal: Secrets Manager copy of the user-pool app client secret',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // The client secret reaches Secrets Manager as a CloudFormation attribute reference, so its value never
    // appears in the template or the cloud assembly (CDK's userPoolClientSecret would add a custom-resource Lambda).
    const cfnClient = this.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient;
    this.clientSecret = new secretsmanager.Secret(this, 'ClientSecret', {
      description: 'Patient portal: app client secret of the user pool (read by the auth Lambdas)',
      secretStringValue: SecretValue.resourceAttribute(cfnClient.attrClientSecret),
      encryptionKey: this.secretsKey,
    });
    acknowledge(
      this.clientSecret,
      'The secret mirrors the Cognito-generated app client secret, which Secrets Manager cannot rotate; rotating means replacing the app client and redeploying, which updates this secret.',
      'AwsSolutions-SMG4',
      NAG.hipaaSecretRotation,
    );

    this.accessPolicies = this.createAccessPolicies();
  }

  private createAccessPolicies(): AccessPolicies {
    const pool = this.userPool.userPoolArn;
    const policy = (id: string, grant: string, statements: iam.PolicyStatement[]) =>
      new iam.ManagedPolicy(this, id, {
        description: `Patient portal route grant '${grant}' on the auth stack's resources`,
        statements,
      });
    return {
      // InitiateAuth, RespondToAuthChallenge, SignUp, RevokeToken... are unauthenticated Cognito APIs (the client
      // secret is the credential): the only IAM permission needed is reading that secret.
      'userpool:auth': policy('UserpoolAuthPolicy', 'userpool:auth', [
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.clientSecret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.secretsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.${this.urlSuffix}` } },
        }),
      ]),
      'userpool:admin': policy('UserpoolAdminPolicy', 'userpool:admin', [
        new iam.PolicyStatement({
          // AdminDeleteUser: sign-up removes a half-made account when confirming it or adding its group fails
          // (shared/adapters/cognito/identity-provider.ts), so that the e-mail address is not left blocked.
          actions: [
            'cognito-idp:AdminDeleteUser',
            'cognito-idp:AdminConfirmSignUp',
            'cognito-idp:AdminAddUserToGroup',
            'cognito-idp:AdminGetUser',
            'cognito-idp:AdminListGroupsForUser',
            'cognito-idp:AdminUpdateUserAttributes',
          ],
          resources: [pool],
        }),
      ]),
      health: policy('HealthPolicy', 'health', [
        new iam.PolicyStatement({ actions: ['cognito-idp:DescribeUserPool'], resources: [pool] }),
      ]),
    };
  }
}

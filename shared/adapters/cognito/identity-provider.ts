import { createHmac } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CUSTOM_ATTRIBUTES, type GroupName } from '../../platform/resources';
import { ConflictError, DomainError, TooManyRequestsError, UnauthenticatedError, ValidationError } from '../../errors';
import type { AccountInfo, AuthStep, IdentityProvider, IssuedTokens } from '../../ports/identity-provider';

const INVALID_CREDENTIALS = () => new UnauthenticatedError('The e-mail address or password is not correct.', 'invalid_credentials');

/** Maps Cognito's exceptions to the portal's errors; anything unexpected stays a 500. */
function mapError(error: unknown, context: 'sign-in' | 'mfa' | 'sign-up' | 'refresh' | 'totp'): never {
  const name = (error as { name?: string }).name ?? '';
  // TOTP set-up authenticates with the access token alone: whatever Cognito makes of a bad one, it is a 401.
  if (context === 'totp' && ['InvalidParameterException', 'ResourceNotFoundException', 'NotAuthorizedException'].includes(name)) {
    throw new UnauthenticatedError('Your sign-in has expired. Sign in again to set up two-step sign-in.', 'session_expired');
  }
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'UserNotConfirmedException':
      if (context === 'refresh') throw new UnauthenticatedError('Your session has ended. Sign in again.', 'session_expired');
      if (context === 'totp') throw new UnauthenticatedError('Your sign-in has expired. Sign in again to set up two-step sign-in.', 'session_expired');
      throw INVALID_CREDENTIALS();
    case 'InvalidPasswordException':
      // cognito-local answers a wrong password with this; real Cognito uses it for policy violations on sign-up.
      if (context === 'sign-up') throw new ValidationError('The password does not meet the password rules.');
      throw INVALID_CREDENTIALS();
    case 'PasswordResetRequiredException':
      throw new UnauthenticatedError('You need to reset your password before signing in.', 'password_reset_required');
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
    case 'EnableSoftwareTokenMFAException':
      throw new UnauthenticatedError('That code is not correct or has expired. Enter the current code from your authenticator app.', 'invalid_mfa_code');
    case 'UsernameExistsException':
    case 'AliasExistsException':
      throw new ConflictError('An account with this e-mail address already exists. Sign in, then link the practice from your home page.', 'email_taken');
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
    case 'LimitExceededException':
      throw new TooManyRequestsError('Too many attempts. Wait a few minutes and try again.', 300);
    case 'InvalidParameterException':
      throw new ValidationError('The request was not accepted by the identity service.');
    default:
      throw error;
  }
}

function claimsOf(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1];
  return payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>) : {};
}

function tokensOf(result: AuthenticationResultType | undefined): IssuedTokens {
  if (!result?.IdToken || !result.AccessToken) throw new DomainError('identity_error', 502, 'The identity service returned no tokens.');
  return { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn ?? 900 };
}

function stepOf(out: { AuthenticationResult?: AuthenticationResultType; ChallengeName?: string; Session?: string }): AuthStep {
  if (out.ChallengeName === 'SOFTWARE_TOKEN_MFA' && out.Session) return { kind: 'mfa-challenge', session: out.Session };
  if (out.ChallengeName) throw new UnauthenticatedError('This account needs a sign-in step the portal does not support. Contact your practice.', 'unsupported_challenge');
  const tokens = tokensOf(out.AuthenticationResult);
  return { kind: 'tokens', tokens, accountId: String(claimsOf(tokens.idToken).sub) };
}

/**
 * Cognito user pool through one app client. In AWS the client is confidential: its secret (fetched once per
 * cold start) makes this Lambda the only way to obtain tokens, which is what lets the sign-in endpoint enforce
 * staff MFA and audit failed sign-ins.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly clientId: string,
    private readonly clientSecret: () => Promise<string | undefined>,
  ) {}

  private async secretHash(username: string): Promise<Record<string, string>> {
    const secret = await this.clientSecret();
    return secret ? { SECRET_HASH: createHmac('sha256', secret).update(username + this.clientId).digest('base64') } : {};
  }

  async signIn(email: string, password: string): Promise<AuthStep> {
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password, ...(await this.secretHash(email)) },
        }),
      );
      return stepOf(out);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      mapError(error, 'sign-in');
    }
  }

  async answerMfa(email: string, session: string, code: string): Promise<AuthStep> {
    try {
      const out = await this.cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code, ...(await this.secretHash(email)) },
        }),
      );
      return stepOf(out);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      mapError(error, 'mfa');
    }
  }

  async refresh(refreshToken: string, accountId: string): Promise<IssuedTokens> {
    try {
      const out = await this.cognito.send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, ...(await this.secretHash(accountId)) },
        }),
      );
      return tokensOf(out.AuthenticationResult);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      mapError(error, 'refresh');
    }
  }

  async revoke(refreshToken: string): Promise<void> {
    const secret = await this.clientSecret();
    await this.cognito.send(new RevokeTokenCommand({ ClientId: this.clientId, Token: refreshToken, ...(secret ? { ClientSecret: secret } : {}) }));
  }

  async describeAccount(email: string): Promise<AccountInfo> {
    const [user, groups] = await Promise.all([
      this.cognito.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email })),
      this.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: email })),
    ]);
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    return {
      accountId: attribute('sub') ?? user.Username ?? '',
      groups: (groups.Groups ?? []).map((g) => g.GroupName ?? ''),
      totpEnabled: (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA'),
      practiceId: attribute(`custom:${CUSTOM_ATTRIBUTES.practiceId}`),
    };
  }

  async createAccount(input: { email: string; password: string; group: GroupName; practiceId?: string }): Promise<string> {
    let accountId: string;
    try {
      const out = await this.cognito.send(
        new SignUpCommand({
          ClientId: this.clientId,
          Username: input.email,
          Password: input.password,
          UserAttributes: [{ Name: 'email', Value: input.email }],
          ...(await this.secretHash(input.email)),
        }),
      );
      accountId = out.UserSub!;
    } catch (error) {
      mapError(error, 'sign-up');
    }
    try {
      // The invitation code, checked before this call, proves who the person is; the e-mail is verified later.
      await this.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: this.userPoolId, Username: input.email }));
      await this.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: input.email, GroupName: input.group }));
    } catch (error) {
      // Never leave a half-made account behind: without its group it could sign in to nothing, and it would block the e-mail.
      await this.deleteAccount(input.email).catch(() => undefined);
      throw error;
    }
    return accountId;
  }

  async deleteAccount(email: string): Promise<void> {
    await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: email }));
  }

  async startTotpSetup(accessToken: string): Promise<{ secret: string }> {
    try {
      const out = await this.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      return { secret: out.SecretCode ?? '' };
    } catch (error) {
      mapError(error, 'totp');
    }
  }

  async finishTotpSetup(accessToken: string, code: string): Promise<void> {
    try {
      const out = await this.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Authenticator app' }));
      if (out.Status !== 'SUCCESS') throw new UnauthenticatedError('That code is not correct. Enter the current code from your authenticator app.', 'invalid_mfa_code');
      await this.cognito.send(
        new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
      );
    } catch (error) {
      if (error instanceof DomainError) throw error;
      mapError(error, 'totp');
    }
  }
}

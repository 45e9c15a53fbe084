import type { GroupName } from '../platform/resources';

export interface IssuedTokens {
  idToken: string;
  accessToken: string;
  /** Absent on refresh. */
  refreshToken?: string;
  expiresIn: number;
}

export type AuthStep =
  | { kind: 'tokens'; tokens: IssuedTokens; accountId: string }
  | { kind: 'mfa-challenge'; session: string };

export interface AccountInfo {
  accountId: string;
  groups: string[];
  totpEnabled: boolean;
  practiceId?: string;
}

/**
 * The identity service (Cognito). Passwords and TOTP secrets pass through and are never stored or logged by
 * the project. Failures become DomainErrors with generic messages (no user enumeration).
 */
export interface IdentityProvider {
  signIn(email: string, password: string): Promise<AuthStep>;
  answerMfa(email: string, session: string, code: string): Promise<AuthStep>;
  refresh(refreshToken: string, accountId: string): Promise<IssuedTokens>;
  revoke(refreshToken: string): Promise<void>;
  describeAccount(email: string): Promise<AccountInfo>;
  /** Creates a confirmed account in one group; throws ConflictError('email_taken') when the e-mail is in use. */
  createAccount(input: { email: string; password: string; group: GroupName; practiceId?: string }): Promise<string>;
  /** Compensation when a sign-up cannot be completed: removes the account just created. */
  deleteAccount(email: string): Promise<void>;
  startTotpSetup(accessToken: string): Promise<{ secret: string }>;
  finishTotpSetup(accessToken: string, code: string): Promise<void>;
}

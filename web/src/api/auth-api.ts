import type { AnswerMfaChallengeInput, SessionTokens, SignInInput, SignInResult, SignUpPatientInput } from '../domain';
import { request } from './http';

export interface SignedIn {
  status: 'signed-in';
  tokens: SessionTokens;
}

export interface MfaSetup {
  secret: string;
  otpauthUri: string;
}

/** The public /api/auth endpoints. None takes a bearer token; the refresh token travels as an HttpOnly cookie. */
export const authApi = {
  signIn: (input: SignInInput) => request<SignInResult>('/api/auth/sign-in', { method: 'POST', body: input }),
  answerMfaChallenge: (input: AnswerMfaChallengeInput) => request<SignedIn>('/api/auth/mfa', { method: 'POST', body: input }),
  refresh: () => request<SignedIn>('/api/auth/refresh', { method: 'POST' }),
  signOut: (accessToken?: string) =>
    request<void>('/api/auth/sign-out', { method: 'POST', body: accessToken ? { accessToken } : undefined }),
  signUp: (input: SignUpPatientInput) => request<SignedIn>('/api/auth/sign-up', { method: 'POST', body: input }),
  startMfaSetup: (accessToken: string) => request<MfaSetup>('/api/auth/mfa/setup', { method: 'POST', body: { accessToken } }),
  finishMfaSetup: (accessToken: string, code: string) =>
    request<{ enabled: true }>('/api/auth/mfa/verify', { method: 'POST', body: { accessToken, code } }),
};

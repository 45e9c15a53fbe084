/**
 * Talks to a running local stack the way the portal and the CLI do: over HTTP, through the public API. Test
 * fixtures that the API does not offer (a practice and its staff accounts, made by an operator) go straight to
 * DynamoDB Local and cognito-local.
 */
import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_USER_POOL_ID, localClients } from '../../infra/local/bootstrap';
import { CUSTOM_ATTRIBUTES, GROUPS, TABLES } from '../../shared/platform/resources';
import type { RegisteredPatient, SignInResult } from '../../shared/domain/schemas';

export interface Ports {
  dynamodb: number;
  s3: number;
  cognito: number;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  cookies: string[];
}

export const PASSWORD = 'Correct-Horse-9!';

export class StackClient {
  readonly clients;
  readonly doc;

  constructor(
    readonly url: string,
    readonly ports: Ports,
  ) {
    this.clients = localClients(ports);
    this.doc = DynamoDBDocumentClient.from(this.clients.dynamo);
  }

  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string | Buffer; contentType?: string; cookies?: string[] } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    if (options.cookies?.length) headers.cookie = options.cookies.map((c) => c.split(';')[0]).join('; ');
    const response = await fetch(`${this.url}${path}`, { method, headers, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, cookies: response.headers.getSetCookie() };
  }

  async signIn(email: string, password = PASSWORD): Promise<{ idToken: string; accessToken: string; cookies: string[] }> {
    const response = await this.call<SignInResult>('POST', '/api/auth/sign-in', { body: { email, password } });
    if (response.status !== 200 || response.body.status !== 'signed-in') throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
    return { ...response.body.tokens, cookies: response.cookies };
  }

  /** A practice with an admin and a staff member (operator set-up, outside the API). */
  async newPractice(name = 'Test Practice'): Promise<TestPractice> {
    const practiceId = `p-${randomUUID().slice(0, 8)}`;
    await this.doc.send(new PutCommand({ TableName: TABLES.main.localName, Item: { pk: `PRACTICE#${practiceId}`, sk: 'PROFILE', type: 'practice', practiceId, name } }));
    const adminEmail = `admin-${practiceId}@test.example`;
    const staffEmail = `staff-${practiceId}@test.example`;
    await this.createStaff(adminEmail, practiceId, GROUPS.admin);
    await this.createStaff(staffEmail, practiceId, GROUPS.staff);
    const admin = await this.signIn(adminEmail);
    const staff = await this.signIn(staffEmail);
    return { practiceId, name, adminEmail, staffEmail, admin: admin.idToken, staff: staff.idToken };
  }

  async createStaff(email: string, practiceId: string, group: string, password = PASSWORD): Promise<void> {
    const cognito = this.clients.cognito;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: LOCAL_USER_POOL_ID,
        Username: email,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: password,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: `custom:${CUSTOM_ATTRIBUTES.practiceId}`, Value: practiceId },
        ],
      }),
    );
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: email, Password: password, Permanent: true }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: email, GroupName: group }));
  }

  async register(practice: TestPractice, patient: Partial<{ givenName: string; familyName: string; birthDate: string; mrn: string }> = {}): Promise<RegisteredPatient> {
    const response = await this.call<RegisteredPatient>('POST', '/api/practice/patients', {
      token: practice.admin,
      body: { givenName: 'Robin', familyName: 'Tester', birthDate: '1980-05-17', mrn: `MRN-${randomUUID().slice(0, 8)}`, ...patient },
    });
    if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Registers a patient at the practice and signs them up through the invitation flow. */
  async newPatient(practice: TestPractice, birthDate = '1980-05-17'): Promise<TestPatient> {
    const registered = await this.register(practice, { birthDate });
    const email = `patient-${randomUUID().slice(0, 8)}@test.example`;
    const response = await this.call<SignInResult>('POST', '/api/auth/sign-up', {
      body: { email, password: PASSWORD, invitationCode: registered.invitation.code, birthDate },
    });
    if (response.status !== 201 || response.body.status !== 'signed-in') throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return { email, patientId: registered.patient.patientId, token: response.body.tokens.idToken, accessToken: response.body.tokens.accessToken, cookies: response.cookies };
  }
}

export interface TestPractice {
  practiceId: string;
  name: string;
  adminEmail: string;
  staffEmail: string;
  admin: string;
  staff: string;
}

export interface TestPatient {
  email: string;
  patientId: string;
  token: string;
  accessToken: string;
  cookies: string[];
}

export interface UploadOutcome {
  create: ApiResponse;
  put?: Response;
  complete?: ApiResponse;
}

/** The portal's and the CLI's upload path: presign, PUT straight to storage, complete (server verifies). */
export async function uploadThroughApi(
  api: StackClient,
  token: string,
  patientId: string,
  file: { name: string; bytes: Uint8Array; contentType?: string; sha256?: string; declaredSize?: number; supersedes?: string },
): Promise<UploadOutcome> {
  const { createHash } = await import('node:crypto');
  const sha256 = file.sha256 ?? createHash('sha256').update(file.bytes).digest('hex');
  const create = await api.call('POST', `/api/practice/patients/${patientId}/uploads`, {
    token,
    body: {
      filename: file.name,
      size: file.declaredSize ?? file.bytes.byteLength,
      sha256,
      ...(file.contentType ? { contentType: file.contentType } : {}),
      ...(file.supersedes ? { supersedes: file.supersedes } : {}),
    },
  });
  if (create.status !== 201) return { create };
  let put: Response;
  const sent: Array<{ partNumber: number; etag: string }> = [];
  if (create.body.method === 'MULTIPART') {
    const { partSize, parts } = create.body as { partSize: number; parts: Array<{ partNumber: number; url: string }> };
    put = new Response(null, { status: 200 });
    for (const part of parts) {
      const slice = file.bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      put = await fetch(part.url, { method: 'PUT', body: new Uint8Array(slice) });
      if (!put.ok) break;
      sent.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
    }
  } else {
    put = await fetch(create.body.url, { method: 'PUT', headers: create.body.headers, body: new Uint8Array(file.bytes) });
  }
  const complete = await api.call('POST', `/api/practice/uploads/${create.body.uploadId}/complete`, { token, ...(sent.length ? { body: { parts: sent } } : {}) });
  return { create, put, complete };
}

/**
 * Demo data for the local stack only (never deployed): two practices, a practice admin and a staff member, two
 * patients linked through the real invitation flow, and records made by the project's own generator. Runs once
 * per data folder; a marker item records that it ran.
 */
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { generateDemoRecords, type DemoPatient, type DemoPractice } from '../../shared/demo/generate';
import { ingestFile } from '../../shared/ingest/ingest';
import type { Principal } from '../../shared/domain/principal';
import type { Practice } from '../../shared/domain/entities';
import { getDeps } from '../../shared/platform/container';
import { CUSTOM_ATTRIBUTES, GROUPS, TABLES } from '../../shared/platform/resources';
import { signUpPatient } from '../../shared/usecases/auth';
import { registerPatient } from '../../shared/usecases/practice-patients';
import { linkPractice } from '../../shared/usecases/account';
import { normalizeInvitationCode } from '../../shared/domain/schemas';
import { LOCAL_USER_POOL_ID } from './bootstrap';

export interface DemoAccount {
  role: 'patient' | 'staff' | 'admin';
  email: string;
  password: string;
  description: string;
}

export interface DemoCredentials {
  accounts: DemoAccount[];
  /** A registered patient who has not signed up yet, to try the sign-up flow. */
  openInvitation: { name: string; birthDate: string; code: string };
}

interface DemoPracticeDef extends DemoPractice {
  practiceId: string;
}

const MAPLE: DemoPracticeDef = {
  practiceId: 'maple-grove',
  name: 'Maple Grove Family Medicine',
  phone: '(555) 014-2200',
  address: { line: '410 Orchard Lane', city: 'Springfield', state: 'IL', postalCode: '62704' },
  clinician: { givenName: 'Priya', familyName: 'Raman', npi: '1234567893' },
};

const RIVERSIDE: DemoPracticeDef = {
  practiceId: 'riverside-cardiology',
  name: 'Riverside Cardiology Associates',
  phone: '(555) 018-7710',
  address: { line: '22 Riverside Drive, Suite 300', city: 'Springfield', state: 'IL', postalCode: '62701' },
  clinician: { givenName: 'Marcus', familyName: 'Oyelaran', npi: '1518293745' },
};

export const DEMO_ACCOUNTS = {
  mapleAdmin: { role: 'admin', email: 'admin@maplegrove.example', password: 'Maple-Admin-2026!', description: 'Practice admin, Maple Grove Family Medicine' },
  mapleStaff: { role: 'staff', email: 'staff@maplegrove.example', password: 'Maple-Staff-2026!', description: 'Staff member, Maple Grove Family Medicine' },
  riversideAdmin: { role: 'admin', email: 'admin@riverside.example', password: 'River-Admin-2026!', description: 'Practice admin, Riverside Cardiology Associates' },
  alex: { role: 'patient', email: 'alex.rivera@example.com', password: 'Alex-Patient-2026!', description: 'Patient of both practices (Alex Rivera)' },
  sam: { role: 'patient', email: 'sam.chen@example.com', password: 'Sam-Patient-2026!', description: 'Patient of Maple Grove (Sam Chen)' },
} as const satisfies Record<string, DemoAccount>;

const ALEX: DemoPatient = { givenName: 'Alex', familyName: 'Rivera', birthDate: '1984-03-12', gender: 'female', mrn: 'MG-100234' };
const ALEX_AT_RIVERSIDE: DemoPatient = { ...ALEX, mrn: 'RC-55871' };
const SAM: DemoPatient = { givenName: 'Sam', familyName: 'Chen', birthDate: '1957-09-30', gender: 'male', mrn: 'MG-100377' };
const JORDAN: DemoPatient = { givenName: 'Jordan', familyName: 'Okafor', birthDate: '1991-07-04', gender: 'other', mrn: 'MG-100412' };

const MARKER = { pk: 'SEED#demo', sk: 'SEED' };

async function createStaff(cognito: CognitoIdentityProviderClient, account: DemoAccount, practiceId: string): Promise<string> {
  const out = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: LOCAL_USER_POOL_ID,
      Username: account.email,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: account.password,
      UserAttributes: [
        { Name: 'email', Value: account.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: `custom:${CUSTOM_ATTRIBUTES.practiceId}`, Value: practiceId },
      ],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: account.email, Password: account.password, Permanent: true }));
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_USER_POOL_ID, Username: account.email, GroupName: account.role === 'admin' ? GROUPS.admin : GROUPS.staff }),
  );
  return out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? out.User?.Username ?? account.email;
}

function practiceEntity(def: DemoPracticeDef): Practice {
  const a = def.address;
  return { practiceId: def.practiceId, name: def.name, phone: def.phone, address: `${a.line}, ${a.city}, ${a.state} ${a.postalCode}` };
}

async function storeRecords(patientId: string, practice: DemoPracticeDef, patient: DemoPatient, createdBy: string, seed: string): Promise<number> {
  const deps = getDeps();
  const documents = await generateDemoRecords(patient, practice, { seed, visits: 4 });
  for (const document of documents) {
    const documentId = randomUUID();
    const objectKey = `patients/${patientId}/documents/${documentId}/original`;
    await deps.blobs.put(objectKey, document.bytes, document.contentType);
    await deps.documents.put({
      documentId,
      patientId,
      practiceId: practice.practiceId,
      title: document.title,
      kind: document.kind,
      contentType: document.contentType,
      size: document.bytes.byteLength,
      sha256: createHash('sha256').update(document.bytes).digest('hex'),
      date: document.date,
      author: document.author,
      objectKey,
      createdAt: new Date().toISOString(),
      createdBy,
      filename: document.filename,
      version: 1,
    });
    // The same pipeline as an upload, so that the demo patients' structured record (problems, labs...) is filled.
    const ingested = await ingestFile(document.bytes, { documentId, filename: document.filename, declaredType: document.contentType });
    await deps.records.merge(patientId, practice.practiceId, documentId, ingested.resources, new Date());
    await deps.audit.append({
      actor: { id: createdBy, role: 'admin', practiceId: practice.practiceId },
      action: 'document.create',
      outcome: 'success',
      patientId,
      practiceId: practice.practiceId,
      resource: { type: 'document', id: documentId },
      requestId: 'seed',
    });
  }
  return documents.length;
}

/** Seeds the demo once; returns the credentials to print (also kept in the data folder for later starts). */
export async function seedDemo(dynamo: DynamoDBClient, cognito: CognitoIdentityProviderClient, dataDir: string): Promise<DemoCredentials | undefined> {
  const doc = DynamoDBDocumentClient.from(dynamo);
  const table = TABLES.main.localName;
  if ((await doc.send(new GetCommand({ TableName: table, Key: MARKER }))).Item) return undefined;

  const deps = getDeps();
  for (const def of [MAPLE, RIVERSIDE]) await deps.directory.putPractice(practiceEntity(def));
  const mapleAdminId = await createStaff(cognito, DEMO_ACCOUNTS.mapleAdmin, MAPLE.practiceId);
  await createStaff(cognito, DEMO_ACCOUNTS.mapleStaff, MAPLE.practiceId);
  const riversideAdminId = await createStaff(cognito, DEMO_ACCOUNTS.riversideAdmin, RIVERSIDE.practiceId);

  const admin = (accountId: string, practiceId: string, email: string): Principal => ({ kind: 'staff', role: 'admin', accountId, practiceId, email });
  const ctx = { requestId: 'seed', sourceIp: 'seed' };
  const register = (p: DemoPatient, principal: Principal) =>
    registerPatient(deps, principal, { givenName: p.givenName, familyName: p.familyName, birthDate: p.birthDate, mrn: p.mrn }, ctx);

  const mapleAdmin = admin(mapleAdminId, MAPLE.practiceId, DEMO_ACCOUNTS.mapleAdmin.email);
  const riversideAdmin = admin(riversideAdminId, RIVERSIDE.practiceId, DEMO_ACCOUNTS.riversideAdmin.email);

  // Patients join through the same invitation flow a real patient uses.
  const alexMaple = await register(ALEX, mapleAdmin);
  await signUpPatient(deps, { email: DEMO_ACCOUNTS.alex.email, password: DEMO_ACCOUNTS.alex.password, invitationCode: normalizeInvitationCode(alexMaple.invitation.code), birthDate: ALEX.birthDate }, ctx);
  const alexRiverside = await register(ALEX_AT_RIVERSIDE, riversideAdmin);
  const alexSession = await deps.identity.signIn(DEMO_ACCOUNTS.alex.email, DEMO_ACCOUNTS.alex.password);
  if (alexSession.kind !== 'tokens') throw new Error('demo patient could not sign in');
  const alexPrincipal: Principal = { kind: 'patient', role: 'patient', accountId: alexSession.accountId, email: DEMO_ACCOUNTS.alex.email };
  await linkPractice(deps, alexPrincipal, { invitationCode: normalizeInvitationCode(alexRiverside.invitation.code), birthDate: ALEX.birthDate }, ctx);
  const sam = await register(SAM, mapleAdmin);
  await signUpPatient(deps, { email: DEMO_ACCOUNTS.sam.email, password: DEMO_ACCOUNTS.sam.password, invitationCode: normalizeInvitationCode(sam.invitation.code), birthDate: SAM.birthDate }, ctx);
  const jordan = await register(JORDAN, mapleAdmin);

  await storeRecords(alexMaple.patient.patientId, MAPLE, ALEX, mapleAdminId, 'alex-maple');
  await storeRecords(alexRiverside.patient.patientId, RIVERSIDE, ALEX_AT_RIVERSIDE, riversideAdminId, 'alex-riverside');
  await storeRecords(sam.patient.patientId, MAPLE, SAM, mapleAdminId, 'sam-maple');

  const credentials: DemoCredentials = {
    accounts: Object.values(DEMO_ACCOUNTS),
    openInvitation: { name: `${JORDAN.givenName} ${JORDAN.familyName}`, birthDate: JORDAN.birthDate, code: jordan.invitation.code },
  };
  // Demo-only: the open invitation code is kept in plain text so that every later start can print it.
  writeFileSync(join(dataDir, 'demo-credentials.json'), JSON.stringify(credentials, null, 2));
  await doc.send(new PutCommand({ TableName: table, Item: { ...MARKER, seededAt: new Date().toISOString() } }));
  return credentials;
}

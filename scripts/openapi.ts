/**
 * Generates docs/openapi.yaml from the route table and the zod schemas the handlers validate with, so that the
 * API description cannot drift from the code. `npm run openapi` rewrites it; a unit test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { z, type ZodType } from 'zod';
import * as S from '../shared/domain/schemas';
import { ROUTES } from '../shared/platform/routes';

interface RouteDoc {
  summary: string;
  tag: 'System' | 'Authentication' | 'Me' | 'Practice' | 'Corrections' | 'Transmissions' | 'Recipients' | 'Activity';
  body?: ZodType;
  /** The body may be omitted. */
  optionalBody?: boolean;
  query?: ZodType;
  ok: [number, ZodType | null];
  errors: number[];
  cookie?: 'sets' | 'reads' | 'clears';
}

const DOCS: Record<string, RouteDoc> = {
  GetHealth: { tag: 'System', summary: 'State of each backing service (no authentication, no PHI)', ok: [200, S.Health], errors: [503] },
  SignIn: { tag: 'Authentication', summary: 'Sign in with e-mail and password; may answer an MFA challenge or an MFA set-up step', body: S.SignInInput, ok: [200, S.SignInResult], errors: [400, 401, 429], cookie: 'sets' },
  AnswerMfaChallenge: { tag: 'Authentication', summary: 'Answer a TOTP challenge', body: S.AnswerMfaChallengeInput, ok: [200, S.SignInResult], errors: [400, 401, 429], cookie: 'sets' },
  RefreshSession: { tag: 'Authentication', summary: 'New ID and access tokens from the HttpOnly refresh cookie', ok: [200, S.SignInResult], errors: [401], cookie: 'reads' },
  SignOut: { tag: 'Authentication', summary: 'Revoke the refresh token and clear the session cookies', ok: [204, null], errors: [], cookie: 'clears' },
  SignUpPatient: { tag: 'Authentication', summary: 'Create a patient account with a practice’s invitation code and the date of birth', body: S.SignUpPatientInput, ok: [201, S.SignInResult], errors: [400, 409, 410, 429], cookie: 'sets' },
  StartMfaSetup: { tag: 'Authentication', summary: 'Start enrolling a TOTP authenticator (access token in the body)', body: S.StartMfaSetupInput, ok: [200, S.MfaSetup], errors: [400, 401] },
  FinishMfaSetup: { tag: 'Authentication', summary: 'Confirm the authenticator with a first code and turn TOTP on', body: S.FinishMfaSetupInput, ok: [200, S.MfaEnabled], errors: [400, 401] },
  GetMe: { tag: 'Me', summary: 'The signed-in account: role, practice (staff) or linked practices (patients)', ok: [200, S.Me], errors: [401, 403] },
  LinkPractice: { tag: 'Me', summary: 'Link another practice’s registration to the signed-in patient account', body: S.LinkPracticeInput, ok: [201, S.AccountLink], errors: [400, 401, 403, 409, 410, 429] },
  ListMyDocuments: { tag: 'Me', summary: 'The patient’s documents across all linked practices (or one: practiceId), newest first, optionally dated within [from, to]', query: S.RecordListQuery, ok: [200, S.PageOf(S.DocumentSummary)], errors: [400, 401, 403, 404] },
  DownloadMyDocument: { tag: 'Me', summary: 'A 5-minute download URL for the original of one of the patient’s documents (Content-Disposition: attachment)', ok: [200, S.DownloadLink], errors: [400, 401, 403, 404] },
  ListMyRecord: { tag: 'Me', summary: 'One USCDI data class of the patient’s structured record (FHIR R4 resources) across all linked practices (or one: practiceId), newest first, optionally dated within [from, to]; undated items are outside every range', query: S.RecordListQuery, ok: [200, S.PageOf(S.RecordItemView)], errors: [400, 401, 403, 404] },
  CreateExport: { tag: 'Me', summary: 'The patient’s whole record, or a date range, as a FHIR R4 Bundle, a PDF or a C-CDA CCD: a 5-minute download URL (Content-Disposition: attachment)', body: S.CreateExportInput, ok: [201, S.CreatedExport], errors: [400, 401, 403] },
  CreateUpload: { tag: 'Practice', summary: 'Start an upload for a patient: a 15-minute presigned PUT bound to the content type and SHA-256 (staff)', body: S.CreateUploadInput, ok: [201, S.CreatedUpload], errors: [400, 401, 403, 404, 409] },
  CompleteUpload: { tag: 'Practice', summary: 'Verify the uploaded file (size, SHA-256, sniffed type, safe parsing, FHIR R4) and make it a document, or refuse it with the reason (staff). A file sent in parts lists each part’s ETag in the body.', body: S.CompleteUploadInput, optionalBody: true, ok: [201, S.CompletedUpload], errors: [400, 401, 403, 404, 409, 422] },
  ListPatientDocuments: { tag: 'Practice', summary: 'A patient’s current documents at the caller’s practice (staff)', query: S.PageQuery, ok: [200, S.PageOf(S.DocumentSummary)], errors: [400, 401, 403, 404] },
  DownloadPatientDocument: { tag: 'Practice', summary: 'A 5-minute download URL for a document of a patient of the caller’s practice (staff)', ok: [200, S.DownloadLink], errors: [400, 401, 403, 404] },
  CreateCorrection: { tag: 'Corrections', summary: 'The patient asks a practice to correct a document, a record item or something else (HIPAA 164.526); due 60 days after receipt', body: S.CreateCorrectionInput, ok: [201, S.CorrectionView], errors: [400, 401, 403, 404] },
  ListMyCorrections: { tag: 'Corrections', summary: 'The patient’s correction requests across all linked practices, newest first', query: S.PageQuery, ok: [200, S.PageOf(S.CorrectionView)], errors: [400, 401, 403] },
  GetMyCorrection: { tag: 'Corrections', summary: 'One of the patient’s correction requests with every step (extension, decision and written denial, disagreement, rebuttal)', ok: [200, S.CorrectionView], errors: [400, 401, 403, 404] },
  WithdrawCorrection: { tag: 'Corrections', summary: 'The patient withdraws a request that has not been answered', ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  FileDisagreement: { tag: 'Corrections', summary: 'The patient’s statement of disagreement with a denial (once, length-limited)', body: S.DisagreementInput, ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  ListCorrectionQueue: { tag: 'Corrections', summary: 'Requests to the caller’s practice (staff): open ones soonest due first, or closed ones most recently changed first', query: S.CorrectionQueueQuery, ok: [200, S.PageOf(S.CorrectionView)], errors: [400, 401, 403] },
  GetPracticeCorrection: { tag: 'Corrections', summary: 'One request to the caller’s practice (staff)', ok: [200, S.CorrectionView], errors: [400, 401, 403, 404] },
  ExtendCorrection: { tag: 'Corrections', summary: 'The one 30-day extension, within the first 60 days, with a reason sent to the patient (staff)', body: S.ExtendCorrectionInput, ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  AcceptCorrection: { tag: 'Corrections', summary: 'Accept: record the amendment; the original is kept and marked; the patient and the people they named are notified (staff). 409 carries the current state when someone decided first', body: S.AcceptCorrectionInput, ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  DenyCorrection: { tag: 'Corrections', summary: 'Deny on a ground of 164.526(a)(2); the written denial is produced and shown to the patient (staff)', body: S.DenyCorrectionInput, ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  RebutDisagreement: { tag: 'Corrections', summary: 'The practice’s rebuttal to a statement of disagreement, once; a copy goes to the patient (staff)', body: S.RebuttalInput, ok: [200, S.CorrectionView], errors: [400, 401, 403, 404, 409] },
  CreateTransmission: { tag: 'Transmissions', summary: 'The patient directs a copy of their record to a third party (HIPAA 164.524): signed directive, package with a SHA-256 manifest, e-mailed link; 201 with the access code once, 200 with the same transmission for a retry with the same idempotencyKey', body: S.CreateTransmissionInput, ok: [201, S.TransmissionView], errors: [400, 401, 403, 404, 409] },
  ListMyTransmissions: { tag: 'Transmissions', summary: 'The copies the patient has sent, newest first, with their states and events', query: S.PageQuery, ok: [200, S.PageOf(S.TransmissionView)], errors: [400, 401, 403] },
  GetMyTransmission: { tag: 'Transmissions', summary: 'One transmission: manifest, state, every event (e-mailed, opened, downloaded, confirmed, revoked)', ok: [200, S.TransmissionView], errors: [400, 401, 403, 404] },
  RevokeTransmission: { tag: 'Transmissions', summary: 'Revoke a transmission: its link answers 410 from then on', ok: [200, S.TransmissionView], errors: [400, 401, 403, 404, 409] },
  ListPatientTransmissions: { tag: 'Transmissions', summary: 'The directives that drew on a patient of the caller’s practice (staff, read-only)', query: S.PageQuery, ok: [200, S.PageOf(S.TransmissionView)], errors: [400, 401, 403, 404] },
  OpenTransmission: { tag: 'Recipients', summary: 'A recipient opens a link (token from the URL fragment, in the body): code-required, or the package. 404 unknown link; 410 revoked, expired, used up or locked — without PHI', body: S.OpenTransmissionInput, ok: [200, S.RecipientOpened], errors: [400, 404, 410] },
  UnlockTransmission: { tag: 'Recipients', summary: 'The access code the patient passed on separately; 403 with the tries left, 410 once locked', body: S.UnlockTransmissionInput, ok: [200, S.RecipientPackage], errors: [400, 403, 404, 410] },
  DownloadTransmissionFile: { tag: 'Recipients', summary: 'A 5-minute download URL for one file of the package or its zip; each counts against the limit', body: S.RecipientDownloadInput, ok: [200, S.RecipientDownload], errors: [400, 401, 404, 410] },
  ConfirmTransmission: { tag: 'Recipients', summary: 'The recipient confirms receipt; the patient sees it', body: S.RecipientSessionInput, ok: [200, S.ReceiptConfirmed], errors: [400, 401, 404, 410] },
  ListMyActivity: { tag: 'Activity', summary: 'Every view, download, upload, transmission, correction step and sign-in concerning the patient, newest first; by date range and kind', query: S.ActivityQuery, ok: [200, S.PageOf(S.ActivityEventView)], errors: [400, 401, 403] },
  VerifyMyActivity: { tag: 'Activity', summary: 'Each of the patient’s hash chains recomputed from its first event and compared with the latest published digest', ok: [200, S.ActivityVerification], errors: [401, 403] },
  ExportMyActivity: { tag: 'Activity', summary: 'The patient’s chains as JSON (a 5-minute link), to re-check offline against a published digest', ok: [201, S.StoredFileLink], errors: [401, 403] },
  ListMyDisclosures: { tag: 'Activity', summary: 'The accounting of disclosures for the last six years: date, recipient and address, what, purpose (HIPAA 164.528)', ok: [200, S.Disclosures], errors: [401, 403] },
  ExportMyDisclosures: { tag: 'Activity', summary: 'The accounting of disclosures as CSV or PDF (a 5-minute link)', body: S.DisclosuresExportInput, ok: [201, S.StoredFileLink], errors: [400, 401, 403] },
  PracticeAuditReport: { tag: 'Activity', summary: 'The practice’s audit events in a time range, by user, patient, action or outcome, oldest or newest first; includes failed sign-ins and refused requests (admins)', query: S.PracticeAuditQuery, ok: [200, S.PageOf(S.PracticeAuditRow)], errors: [400, 401, 403] },
  ExportPracticeAudit: { tag: 'Activity', summary: 'The same report as CSV (a 5-minute link; admins)', body: S.PracticeAuditQuery, ok: [201, S.StoredFileLink], errors: [400, 401, 403] },
  ListPracticePatients: { tag: 'Practice', summary: 'Patients of the caller’s practice, newest first, or the one with a given MRN (staff and admins)', query: S.PatientListQuery, ok: [200, S.PageOf(S.PracticePatient)], errors: [400, 401, 403] },
  RegisterPatient: { tag: 'Practice', summary: 'Register a patient and get a one-time invitation code (admins)', body: S.RegisterPatientInput, ok: [201, S.RegisteredPatient], errors: [400, 401, 403, 409] },
  GetPracticePatient: { tag: 'Practice', summary: 'One patient of the caller’s practice', ok: [200, S.PracticePatient], errors: [400, 401, 403, 404] },
  IssueInvitation: { tag: 'Practice', summary: 'A new invitation code for a patient who has not linked yet; the old one stops working (admins)', ok: [201, S.IssuedInvitation], errors: [400, 401, 403, 404, 409] },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `error.details` names each wrong field',
  401: 'Not signed in, wrong credentials or code, or session expired',
  403: 'The caller’s role may not do this',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state (e.g. MRN taken, already linked, e-mail in use)',
  410: 'Invitation code used, replaced or expired',
  422: 'The uploaded file was refused: `error.message` says why, `error.details[0].message` is the machine code',
  429: 'Too many attempts; see Retry-After',
  503: 'A backing service is down',
};

function schema(type: ZodType, io: 'input' | 'output' = 'output') {
  const json = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const doc = DOCS[route.id];
    if (!doc) throw new Error(`No OpenAPI entry for route ${route.id}`);
    const parameters: unknown[] = [];
    for (const name of route.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{2,63}$' } });
    }
    if (doc.query) {
      const props = (schema(doc.query, 'input').properties ?? {}) as Record<string, unknown>;
      for (const [name, s] of Object.entries(props)) parameters.push({ name, in: 'query', required: false, schema: s });
    }
    const [okStatus, okSchema] = doc.ok;
    const responses: Record<string, unknown> = {
      [okStatus]: {
        description: okStatus === 204 ? 'Done' : 'Success',
        ...(okSchema ? { content: { 'application/json': { schema: schema(okSchema) } } } : {}),
        ...(doc.cookie === 'sets' || doc.cookie === 'clears'
          ? { headers: { 'Set-Cookie': { description: 'portal_refresh and portal_account: HttpOnly; SameSite=Strict; Path=/api/auth', schema: { type: 'string' } } } }
          : {}),
      },
    };
    for (const status of doc.errors) responses[status] = { description: ERROR_TEXT[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    responses['500'] = { description: 'Unexpected error; the message is generic and carries the request id', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.id,
      tags: [doc.tag],
      summary: doc.summary,
      ...(route.auth === 'jwt' ? { security: [{ cognitoIdToken: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: !doc.optionalBody, content: { 'application/json': { schema: schema(doc.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Open Patient Portal API',
      version: '0.1.0',
      description:
        'Same-origin API of the portal (CloudFront forwards /api/* to API Gateway). Protected operations take the Cognito ID token as a bearer token. Errors are always `{ "error": { "code", "message", "requestId" } }`; answers are `Cache-Control: no-store`. Generated from shared/platform/routes.ts and shared/domain/schemas.ts by `npm run openapi`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'The portal’s own origin' }],
    components: {
      securitySchemes: { cognitoIdToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (access tokens are refused)' } },
      schemas: { Error: schema(S.ErrorBody) },
    },
    paths,
  };
}

export const OPENAPI_FILE = join(resolve(import.meta.dirname, '..'), 'docs', 'openapi.yaml');

export function renderOpenApi(): string {
  return `# Generated by \`npm run openapi\` from the route table and the zod schemas. Do not edit by hand.\n${stringify(buildOpenApi(), { lineWidth: 0 })}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountLinkRecord, Invitation, PatientRecord, Practice } from '../../domain/entities';
import type { Page } from '../../domain/schemas';
import { ConflictError, GoneError } from '../../errors';
import type { Directory, PageRequest } from '../../ports/directory';
import { decodeCursor, encodeCursor } from './cursor';

const practiceKey = (practiceId: string) => ({ pk: `PRACTICE#${practiceId}`, sk: 'PROFILE' });
const patientKey = (practiceId: string, patientId: string) => ({ pk: `PRACTICE#${practiceId}`, sk: `PATIENT#${patientId}` });
const mrnKey = (practiceId: string, mrn: string) => ({ pk: `PRACTICE#${practiceId}`, sk: `MRN#${mrn}` });
const invitationKey = (codeHash: string) => ({ pk: `INVITATION#${codeHash}`, sk: 'INVITATION' });
const linkKey = (accountId: string, practiceId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `LINK#${practiceId}` });
const patientListPk = (practiceId: string) => `PRACTICE#${practiceId}#PATIENTS`;

/** Strips key attributes so that items come back as plain entities. */
function entity<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, ttl: _ttl, ...rest } = item;
  return rest as T;
}

function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (error instanceof TransactionCanceledException) return error.CancellationReasons?.map((r) => r.Code);
  return undefined;
}

/** Directory on the main table (single-table design, see shared/platform/resources.ts). */
export class DynamoDirectory implements Directory {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getPractice(practiceId: string): Promise<Practice | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: practiceKey(practiceId) }));
    return entity<Practice>(out.Item);
  }

  async putPractice(practice: Practice): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...practiceKey(practice.practiceId), type: 'practice', ...practice } }));
  }

  async registerPatient(patient: PatientRecord, invitation: Invitation): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...patientKey(patient.practiceId, patient.patientId),
                  gsi1pk: patientListPk(patient.practiceId),
                  gsi1sk: `${patient.createdAt}#${patient.patientId}`,
                  type: 'patient',
                  ...patient,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...mrnKey(patient.practiceId, patient.mrn), type: 'mrn', patientId: patient.patientId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...invitationKey(invitation.codeHash), type: 'invitation', ...invitation },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') throw new ConflictError('A patient with this MRN is already registered at your practice.', 'mrn_taken');
      if (codes?.some((c) => c === 'ConditionalCheckFailed')) throw new ConflictError('Registration collided with an existing record; try again.');
      throw error;
    }
  }

  async getPatient(practiceId: string, patientId: string): Promise<PatientRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: patientKey(practiceId, patientId) }));
    return entity<PatientRecord>(out.Item);
  }

  async findPatientByMrn(practiceId: string, mrn: string): Promise<PatientRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: mrnKey(practiceId, mrn) }));
    return out.Item ? this.getPatient(practiceId, out.Item.patientId as string) : undefined;
  }

  async listPatients(practiceId: string, page: PageRequest): Promise<Page<PatientRecord>> {
    const pk = patientListPk(practiceId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { gsi1pk: pk }),
      }),
    );
    return { items: (out.Items ?? []).map((i) => entity<PatientRecord>(i)!), nextCursor: encodeCursor(out.LastEvaluatedKey) };
  }

  async replaceInvitation(patient: PatientRecord, invitation: Invitation): Promise<void> {
    const items: NonNullable<TransactWriteCommand['input']['TransactItems']> = [
      {
        Update: {
          TableName: this.table,
          Key: patientKey(patient.practiceId, patient.patientId),
          UpdateExpression: 'SET invitationHash = :new, invitationExpiresAt = :exp',
          ConditionExpression: patient.invitationHash
            ? 'attribute_exists(pk) AND attribute_not_exists(accountId) AND invitationHash = :old'
            : 'attribute_exists(pk) AND attribute_not_exists(accountId) AND attribute_not_exists(invitationHash)',
          ExpressionAttributeValues: {
            ':new': invitation.codeHash,
            ':exp': invitation.expiresAt,
            ...(patient.invitationHash ? { ':old': patient.invitationHash } : {}),
          },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...invitationKey(invitation.codeHash), type: 'invitation', ...invitation },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (patient.invitationHash) {
      items.push({
        Update: {
          TableName: this.table,
          Key: invitationKey(patient.invitationHash),
          UpdateExpression: 'SET #s = :revoked',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked' },
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError('This patient has linked their account or their invitation changed meanwhile; reload and try again.');
      }
      throw error;
    }
  }

  async findInvitation(codeHash: string): Promise<Invitation | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: invitationKey(codeHash), ConsistentRead: true }));
    return entity<Invitation>(out.Item);
  }

  async linkAccount(invitation: Invitation, accountId: string, now: Date): Promise<AccountLinkRecord> {
    const linkedAt = now.toISOString();
    const link: AccountLinkRecord = { accountId, practiceId: invitation.practiceId, patientId: invitation.patientId, linkedAt };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: invitationKey(invitation.codeHash),
                UpdateExpression: 'SET #s = :used, usedAt = :now, usedBy = :account',
                ConditionExpression: '#s = :active AND expiresAt > :now',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':used': 'used', ':active': 'active', ':now': linkedAt, ':account': accountId },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: patientKey(invitation.practiceId, invitation.patientId),
                UpdateExpression: 'SET accountId = :account, linkedAt = :now REMOVE invitationHash, invitationExpiresAt',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(accountId) AND invitationHash = :hash',
                ExpressionAttributeValues: { ':account': accountId, ':now': linkedAt, ':hash': invitation.codeHash },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...linkKey(accountId, invitation.practiceId), type: 'link', ...link },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[2] === 'ConditionalCheckFailed') throw new ConflictError('Your account is already linked to this practice.', 'already_linked');
      if (codes?.[0] === 'ConditionalCheckFailed' || codes?.[1] === 'ConditionalCheckFailed') {
        throw new GoneError('This invitation code is not recognised, has expired or was already used. Ask your practice for a new one.', 'invitation_invalid');
      }
      throw error;
    }
    return link;
  }

  async listAccountLinks(accountId: string): Promise<AccountLinkRecord[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :link)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':link': 'LINK#' },
      }),
    );
    return (out.Items ?? []).map((i) => entity<AccountLinkRecord>(i)!);
  }
}

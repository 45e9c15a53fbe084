/** Error paths the emulator cannot produce on demand: throttling mid-append, cancellation reasons. */
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAuditLog } from '../../../shared/adapters/dynamodb/audit-log';
import { DynamoDirectory } from '../../../shared/adapters/dynamodb/directory';
import { TestClock } from '../../support/memory';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('DynamoDB adapters under failure', () => {
  it('maps a cancelled link transaction to the reason: already linked beats invalid code', async () => {
    const mock = mockClient(doc);
    const directory = new DynamoDirectory(doc, 't');
    const invitation = { codeHash: 'h', patientId: 'p', practiceId: 'pr', status: 'active' as const, createdAt: '', expiresAt: '' };

    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'None', 'ConditionalCheckFailed'])).rejectsOnce(cancelled(['ConditionalCheckFailed', 'None', 'None']));
    await expect(directory.linkAccount(invitation, 'acc', new Date())).rejects.toMatchObject({ status: 409, code: 'already_linked' });
    await expect(directory.linkAccount(invitation, 'acc', new Date())).rejects.toMatchObject({ status: 410, code: 'invitation_invalid' });
    mock.restore();
  });

  it('retries an audit append that lost the race, and gives up with an error after ten losses', async () => {
    const mock = mockClient(doc);
    mock.on(QueryCommand).resolves({ Items: [] });
    mock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const log = new DynamoAuditLog(doc, 'audit', new TestClock());

    await expect(log.append({ actor: { id: 'a', role: 'staff' }, action: 'patient.read', outcome: 'success', patientId: 'p' })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(mock.commandCalls(PutCommand)).toHaveLength(10);
    mock.restore();
  });
});

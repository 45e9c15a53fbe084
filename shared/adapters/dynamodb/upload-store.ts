import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord, UploadStatus } from '../../domain/entities';
import { ConflictError } from '../../errors';
import type { UploadStore } from '../../ports/upload-store';

const key = (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' });
/** Upload records are kept for a month after they expire (for the practice's troubleshooting), then TTL removes them. */
const RETAIN_SECONDS = 30 * 86_400;

export class DynamoUploadStore implements UploadStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(upload: UploadRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(upload.uploadId), type: 'upload', ttl: Math.floor(Date.parse(upload.expiresAt) / 1000) + RETAIN_SECONDS, ...upload },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(practiceId: string, uploadId: string): Promise<UploadRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key(uploadId), ConsistentRead: true }));
    if (!out.Item || out.Item.practiceId !== practiceId) return undefined;
    const { pk: _pk, sk: _sk, type: _t, ttl: _ttl, ...rest } = out.Item;
    return rest as UploadRecord;
  }

  async transition(upload: UploadRecord, from: UploadStatus, to: UploadStatus, reason?: UploadRecord['reason']): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(upload.uploadId),
          UpdateExpression: reason ? 'SET #s = :to, reason = :reason' : 'SET #s = :to',
          ConditionExpression: '#s = :from',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': to, ':from': from, ...(reason ? { ':reason': reason } : {}) },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('This upload has already been completed or is being checked.', 'upload_not_pending');
      throw error;
    }
  }
}

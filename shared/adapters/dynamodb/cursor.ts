import { ValidationError } from '../../errors';

type Key = Record<string, unknown>;

/** Opaque page cursors: base64url JSON of DynamoDB's LastEvaluatedKey. */
export function encodeCursor(key: unknown): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * Decodes a cursor and checks that it continues the same query (same partition), so that a crafted cursor
 * can neither start a read in someone else's partition nor make DynamoDB fail with a 500.
 */
export function decodeCursor(cursor: string | undefined, expected: Key): Key | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('The page cursor is not valid.');
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new ValidationError('The page cursor is not valid.');
  const record = key as Key;
  for (const [name, value] of Object.entries(expected)) {
    if (record[name] !== value) throw new ValidationError('The page cursor does not belong to this list.');
  }
  if (!Object.values(record).every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new ValidationError('The page cursor is not valid.');
  }
  return record;
}

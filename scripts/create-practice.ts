/**
 * Operator tool: creates a practice and its first practice admin in any environment (the portal has no
 * self-service practice sign-up). Reads the same environment variables the handlers read (see
 * docs/operations.md), so it works against AWS and against a running local stack alike.
 *
 *   npm run ops:create-practice -- --id <practice-id> --name "<name>" --admin <e-mail> [--phone ..] [--address ..]
 *
 * The admin's initial password is read from the ADMIN_PASSWORD environment variable (never a command-line
 * argument, which would land in shell history). In AWS the admin must enrol a TOTP authenticator at first sign-in.
 */
import { parseArgs } from 'node:util';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createAwsClients } from '../shared/adapters/aws-clients';
import { DynamoDirectory } from '../shared/adapters/dynamodb/directory';
import { Email, Id, Password } from '../shared/domain/schemas';
import { loadConfig } from '../shared/platform/config';
import { CUSTOM_ATTRIBUTES, GROUPS } from '../shared/platform/resources';

const { values } = parseArgs({
  options: { id: { type: 'string' }, name: { type: 'string' }, admin: { type: 'string' }, phone: { type: 'string' }, address: { type: 'string' } },
});

function die(message: string): never {
  console.error(message);
  process.exit(2);
}

const practiceId = Id.safeParse(values.id).success ? values.id! : die('--id must be lower-case letters, digits and hyphens (3-64 characters).');
const name = values.name?.trim() || die('--name is required.');
const adminEmail = Email.safeParse(values.admin);
if (!adminEmail.success) die('--admin must be an e-mail address.');
const password = Password.safeParse(process.env.ADMIN_PASSWORD);
if (!password.success) die(`ADMIN_PASSWORD: ${password.error.issues[0]?.message ?? 'required'}`);

const config = loadConfig();
const clients = createAwsClients(config);
const directory = new DynamoDirectory(clients.doc, config.tables.main);
if (await directory.getPractice(practiceId)) die(`Practice ${practiceId} exists already.`);
await directory.putPractice({ practiceId, name, phone: values.phone, address: values.address });
await clients.cognito.send(
  new AdminCreateUserCommand({
    UserPoolId: config.userPoolId,
    Username: adminEmail.data,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: adminEmail.data },
      { Name: 'email_verified', Value: 'true' },
      { Name: `custom:${CUSTOM_ATTRIBUTES.practiceId}`, Value: practiceId },
    ],
  }),
);
await clients.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: config.userPoolId, Username: adminEmail.data, Password: password.data, Permanent: true }));
await clients.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: config.userPoolId, Username: adminEmail.data, GroupName: GROUPS.admin }));
console.log(`Created practice ${practiceId} with admin ${adminEmail.data}.`);

import { describe, expect, it } from 'vitest';
import { CUSTOM_ATTRIBUTES, GROUPS, PASSWORD_POLICY, SESSION } from '../../shared/platform/resources';
import { defaultPortalApp, logicalIdOf, onlyResourceOf, resourcesOf, synthPortal } from './portal-app';

describe('auth stack', () => {
  const { auth, templates } = defaultPortalApp();
  const template = templates.auth;
  const [poolId, pool] = onlyResourceOf(template, 'AWS::Cognito::UserPool');
  const [clientId, client] = onlyResourceOf(template, 'AWS::Cognito::UserPoolClient');

  it('signs in by e-mail, with the password policy of the definitions', () => {
    expect(pool.Properties.UsernameAttributes).toEqual(['email']);
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: PASSWORD_POLICY.minLength,
      RequireLowercase: PASSWORD_POLICY.requireLowercase,
      RequireUppercase: PASSWORD_POLICY.requireUppercase,
      RequireNumbers: PASSWORD_POLICY.requireDigits,
      RequireSymbols: PASSWORD_POLICY.requireSymbols,
    });
  });

  it('offers TOTP MFA only (no SMS), optional at the pool', () => {
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('recovers accounts by e-mail only, runs threat protection, and is protected from deletion', () => {
    expect(pool.Properties.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has the practice custom attribute, writable by administrators only', () => {
    expect(pool.Properties.Schema).toContainEqual(expect.objectContaining({ Name: CUSTOM_ATTRIBUTES.practiceId, AttributeDataType: 'String', Mutable: true }));
    // Users must not be able to move themselves into another practice with their own access token.
    expect(client.Properties.WriteAttributes).toEqual(['email']);
  });

  it('has exactly one group per GROUPS entry', () => {
    const groups = resourcesOf(template, 'AWS::Cognito::UserPoolGroup');
    expect(groups.map(([, g]) => g.Properties.GroupName).sort()).toEqual(Object.values(GROUPS).sort());
    for (const [, group] of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: poolId });
  });

  it('has a confidential app client with the session lengths of the definitions', () => {
    expect(client.Properties).toMatchObject({
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: SESSION.idTokenMinutes,
      AccessTokenValidity: SESSION.accessTokenMinutes,
      RefreshTokenValidity: SESSION.refreshTokenHours * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('keeps the client secret in Secrets Manager by reference, never as a value in the template', () => {
    const [, secret] = onlyResourceOf(template, 'AWS::SecretsManager::Secret');
    expect(secret.Properties.SecretString).toEqual({ 'Fn::GetAtt': [clientId, 'ClientSecret'] });
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalIdOf(auth.secretsKey, auth), 'Arn'] });
    // No custom resource (and so no Lambda) reads the secret at deploy time.
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(0);
  });

  it('grants Cognito admin actions on this pool only, and the secret to userpool:auth', () => {
    const policies = Object.fromEntries(resourcesOf(template, 'AWS::IAM::ManagedPolicy'));
    const admin = policies[logicalIdOf(auth.accessPolicies['userpool:admin'] as never, auth)]!.Properties.PolicyDocument.Statement;
    expect(admin).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] }, Action: expect.arrayContaining(['cognito-idp:AdminConfirmSignUp', 'cognito-idp:AdminAddUserToGroup']) }),
    ]);
    const authPolicy = policies[logicalIdOf(auth.accessPolicies['userpool:auth'] as never, auth)]!.Properties.PolicyDocument.Statement;
    expect(authPolicy).toContainEqual(expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: logicalIdOf(auth.clientSecret, auth) } }));
  });

  it('runs on Essentials without threat protection when switched off', () => {
    // Prepare / Act
    const essentials = synthPortal({ context: { 'portal:threatProtection': 'false' } });
    // Assess
    const [, p] = onlyResourceOf(essentials.templates.auth, 'AWS::Cognito::UserPool');
    expect(p.Properties.UserPoolTier).toBe('ESSENTIALS');
    expect(p.Properties.UserPoolAddOns).toBeUndefined();
  });
});

/**
 * E-mail notices through Amazon SES: the sender identity, the `mail:send` route grant and the environment that
 * tells the functions whom they send as.
 *
 * - `domain` given: an SES domain identity is created here with Easy DKIM (2048-bit); the stack outputs the three
 *   DKIM CNAME records to publish. The sender defaults to `no-reply@<domain>`.
 * - only `fromAddress` given: the identity must already exist and be verified in SES (the address itself or its
 *   domain); the grant covers both.
 * - neither: e-mail is off. The grant is an explicit deny, MAIL_FROM is not set, the functions' mailer refuses
 *   every message, and synth warns.
 */
import { Annotations, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { MAIL_ENV } from '../../shared/platform/config';
import type { AccessPolicies } from './access-policies';

/** Properties of {@link PortalMail}. */
export interface PortalMailProps {
  /** Sender address. @default `no-reply@<domain>` when `domain` is set; otherwise no sender (e-mail off) */
  readonly fromAddress?: string;
  /** Domain to create and DKIM-sign an SES identity for. @default - none: a verified identity must exist */
  readonly domain?: string;
  /** Name of an existing SES configuration set to send through (event publishing). @default - none */
  readonly configurationSet?: string;
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@([a-z0-9-]+(\.[a-z0-9-]+)+)$/i;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const CONFIGURATION_SET = /^[A-Za-z0-9_-]{1,64}$/;

export class PortalMail extends Construct {
  /** The sender, when e-mail is on. */
  public readonly fromAddress?: string;
  /** The identity created for `domain`, if any. */
  public readonly identity?: ses.EmailIdentity;
  /** The SES identities (and configuration set) the functions may send through. */
  public readonly sendResources: readonly string[];
  /** `mail:send` as a managed policy. */
  public readonly accessPolicies: AccessPolicies;
  /** MAIL_FROM and MAIL_CONFIGURATION_SET, for the functions. */
  public readonly environment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PortalMailProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const domain = props.domain?.toLowerCase();
    if (domain && !DOMAIN.test(domain)) throw new Error(`PortalMail: "${props.domain}" is not a domain name`);
    const fromAddress = props.fromAddress ?? (domain ? `no-reply@${domain}` : undefined);
    const fromDomain = fromAddress ? ADDRESS.exec(fromAddress)?.[1]?.toLowerCase() : undefined;
    if (fromAddress && !fromDomain) throw new Error(`PortalMail: "${fromAddress}" is not a plain e-mail address (no display name)`);
    // SES lets a verified domain send from its subdomains too; anything else would be refused at send time.
    if (domain && fromDomain && fromDomain !== domain && !fromDomain.endsWith(`.${domain}`)) {
      throw new Error(`PortalMail: the sender ${fromAddress} is not in the mail domain ${domain}`);
    }
    if (props.configurationSet && !CONFIGURATION_SET.test(props.configurationSet)) {
      throw new Error(`PortalMail: "${props.configurationSet}" is not an SES configuration set name`);
    }
    this.fromAddress = fromAddress;

    const identityArn = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    let identities: string[] = [];
    if (domain) {
      this.identity = new ses.EmailIdentity(this, 'Identity', {
        identity: ses.Identity.domain(domain),
        dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      });
      identities = [this.identity.emailIdentityArn];
      this.identity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `DkimRecord${i + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `DKIM record ${i + 1} of 3 for ${domain}: publish it in DNS to verify the domain with SES`,
        });
      });
    } else if (fromAddress) {
      identities = [identityArn(fromAddress), identityArn(fromDomain!)];
      Annotations.of(this).addInfo(`E-mail is sent as ${fromAddress}: it (or ${fromDomain}) must be a verified SES identity in ${stack.region}; see docs/operations.md.`);
    } else {
      Annotations.of(this).addWarningV2(
        'portal:mail-off',
        'E-mail notices are off: set -c portal:mailDomain=<domain> (or portal:mailFrom=<verified address>) to send them; see docs/operations.md.',
      );
    }
    const configurationSetArn = props.configurationSet
      ? [stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet })]
      : [];
    this.sendResources = fromAddress ? [...identities, ...configurationSetArn] : [];

    const statement = fromAddress
      ? new iam.PolicyStatement({
          // SES authorises SendEmail against the sending identity and, when one is used, the configuration set.
          actions: ['ses:SendEmail'],
          resources: [...this.sendResources],
          conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
        })
      : new iam.PolicyStatement({
          // No sender configured: routes may still carry the grant, but nothing may be sent.
          effect: iam.Effect.DENY,
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: ['*'],
        });
    this.accessPolicies = {
      'mail:send': new iam.ManagedPolicy(this, 'SendPolicy', {
        description: fromAddress ? `Patient portal route grant 'mail:send': SendEmail as ${fromAddress}` : "Patient portal route grant 'mail:send': e-mail is not configured",
        statements: [statement],
      }),
    };

    this.environment = {
      ...(fromAddress ? { [MAIL_ENV.from]: fromAddress } : {}),
      ...(props.configurationSet ? { [MAIL_ENV.configurationSet]: props.configurationSet } : {}),
    };
  }
}

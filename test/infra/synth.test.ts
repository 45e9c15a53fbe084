import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/bin/build-app';
import { BUNDLING_STACKS_CONTEXT, CDK_CONTEXT } from '../../infra/bin/context';
import { fakeWebDist, tempDir } from './portal-app';

describe('cdk synth (as the CLI runs it, bundling aside)', () => {
  it('passes CDK template validation and both cdk-nag packs registered as validation plugins', () => {
    // Prepare: the app exactly as infra/bin/app.ts builds it, but without esbuild.
    const { app } = buildApp({ context: { [BUNDLING_STACKS_CONTEXT]: [] }, webDistPath: fakeWebDist(), outdir: tempDir('portal-synth-') });
    // Act: a finding of either pack, or a CloudFormation schema error, makes synth throw.
    const assembly = app.synth();
    // Assess
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['PortalApi', 'PortalAudit', 'PortalAuth', 'PortalData', 'PortalWeb']);
  });

  it('runs with the feature flags of cdk.json', () => {
    const { app } = buildApp({ context: { [BUNDLING_STACKS_CONTEXT]: [] }, webDistPath: '/nonexistent', nagPlugins: false });
    const flags = Object.entries(CDK_CONTEXT).filter(([key]) => key.startsWith('@aws-cdk'));
    expect(flags.length).toBeGreaterThan(50);
    for (const [key, value] of flags) expect(app.node.tryGetContext(key)).toEqual(value);
  });
});

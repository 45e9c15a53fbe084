/**
 * Entry point of the CDK CLI (cdk.json: `npx tsx infra/bin/app.ts`). Offline synth works: without credentials the
 * stacks are synthesized for a placeholder account in us-east-1.
 */
import { buildApp } from './build-app';

buildApp().app.synth();

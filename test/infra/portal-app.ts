/**
 * Builds the CDK app for the infra tests: the same code and cdk.json feature flags as `cdk synth`, with bundling
 * skipped (fast, and independent of the handlers compiling) and a throw-away built portal so that the site
 * deployment is part of what gets checked. Memoized per test file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type BuildAppOptions, type PortalApp } from '../../infra/bin/build-app';
import { BUNDLING_STACKS_CONTEXT } from '../../infra/bin/context';

const tempDirs: string[] = [];
process.once('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed when the test worker exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A minimal built portal (index.html and one hashed asset) in a temporary directory. */
export function fakeWebDist(): string {
  const dir = tempDir('portal-dist-');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Portal</title><script type="module" src="/assets/app-1a2b3c.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'app-1a2b3c.js'), 'console.log("portal");');
  return dir;
}

export interface SynthesizedPortal extends PortalApp {
  readonly templates: { data: Template; auth: Template; api: Template; web: Template; audit: Template };
}

/**
 * The app with bundling skipped, nag plugins off (tests call the packs themselves for itemised findings) and CDK's
 * CloudFormation schema validation off (most of synth time; test/infra/synth.test.ts runs the full synth),
 * synthesized once. `context` is merged over cdk.json's, as in `buildApp`.
 */
export function synthPortal(options: Omit<BuildAppOptions, 'nagPlugins'> = {}): SynthesizedPortal {
  const portal = buildApp({
    webDistPath: fakeWebDist(),
    outdir: tempDir('portal-cdk-out-'),
    cfnValidation: false,
    ...options,
    nagPlugins: false,
    context: { [BUNDLING_STACKS_CONTEXT]: [], ...options.context },
  });
  const template = (stack: Stack) => Template.fromStack(stack);
  return {
    ...portal,
    templates: { data: template(portal.data), auth: template(portal.auth), api: template(portal.api), web: template(portal.web), audit: template(portal.audit) },
  };
}

let defaultPortal: SynthesizedPortal | undefined;

/** The default configuration (placeholder account, us-east-1, built portal present), built once per file. */
export function defaultPortalApp(): SynthesizedPortal {
  defaultPortal ??= synthPortal();
  return defaultPortal;
}

/** A resource of a synthesized template (properties as CloudFormation spells them). */
export type CfnResourceJson = { Type: string; Properties: Record<string, any>; [key: string]: any };

/** Resources of one type in a template, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): [string, CfnResourceJson][] {
  return Object.entries(template.findResources(type)) as [string, CfnResourceJson][];
}

/** The one resource of a type in a template; fails if there are none or several. */
export function onlyResourceOf(template: Template, type: string): [string, CfnResourceJson] {
  const all = resourcesOf(template, type);
  if (all.length !== 1) throw new Error(`Expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

/** The logical id of a construct's CloudFormation resource in its stack. */
export function logicalIdOf(construct: { node: { defaultChild?: unknown } }, stack: Stack): string {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}

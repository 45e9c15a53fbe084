/**
 * How route grants (shared/platform/routes.ts) become IAM permissions.
 *
 * Each stack that owns resources implements the grants that touch them as customer-managed policies written next
 * to the resources (exact table, index, bucket, key and pool ARNs, no CDK `grant*` wildcards), and the API stack
 * attaches to each function's role exactly the policies its route's grants name. Keeping the statements in the
 * owning stack means every reference in them is local, so each remaining wildcard (S3 object keys) is reviewed
 * and acknowledged once, by name.
 */
import type { IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { Grant } from '../../shared/platform/routes';

/** The managed policies one stack contributes, by grant. A grant may be implemented by several stacks. */
export type AccessPolicies = Readonly<Partial<Record<Grant, IManagedPolicy>>>;

/**
 * Every policy that implements `grant`, across the given stacks. Throws (at synth time) when none does, so a grant
 * added to the route table without an implementation cannot deploy as a function that silently lacks access.
 */
export function policiesForGrant(grant: Grant, providers: readonly AccessPolicies[]): IManagedPolicy[] {
  const policies = providers.map((p) => p[grant]).filter((p): p is IManagedPolicy => p !== undefined);
  if (policies.length === 0) throw new Error(`No stack implements the route grant '${grant}'`);
  return policies;
}

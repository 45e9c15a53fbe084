/** Checks one backing service; throws when it is unreachable or misconfigured. */
export type HealthProbe = () => Promise<void>;

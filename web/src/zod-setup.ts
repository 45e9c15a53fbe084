import { z } from 'zod';

/**
 * Zod compiles object parsers with `new Function`, which the production CSP (script-src 'self') forbids, and it
 * decides when a schema is built, so this must run before any schema module: main.tsx imports it first.
 * Without it, every page load reports a CSP violation (the probe's error itself is caught).
 */
z.config({ jitless: true });

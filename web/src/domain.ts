/**
 * The portal's window onto shared/: the same zod schemas and response types the Lambdas use, so a rule is
 * written once. Everything in web/src imports them from here rather than reaching into ../../shared.
 */
import type { DATA_CLASSES } from '../../shared/domain/schemas';

export * from '../../shared/domain/schemas';
export { PASSWORD_POLICY, SESSION } from '../../shared/platform/resources';

/** One USCDI data class of the patient's record ("problems", "lab-results", …). */
export type DataClass = (typeof DATA_CLASSES)[number];

export { DENIAL_GROUNDS, DENIAL_GROUND_TEXT, EXTENSION_DAYS, RESPONSE_DAYS, type DenialGround } from '../../shared/domain/corrections';
export { DEFAULT_EXPIRY_DAYS, DEFAULT_MAX_DOWNLOADS, FORMAT_LABELS, MAX_DOWNLOADS, MAX_EXPIRY_DAYS, TRANSMISSION_FORMATS, type TransmissionFormat } from '../../shared/domain/transmissions';

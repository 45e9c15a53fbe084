import { SESSION } from './domain';

/** The product's name, as shown in the header and in page titles. */
export const PRODUCT_NAME = 'Open Patient Portal';

/** Items fetched per page of a list ("Load more" fetches the next page). */
export const PAGE_SIZE = 25;

/** Idle sign-out (ONC 170.315(d)(5)): inactivity allowed, and how long before it the warning appears. */
export const IDLE_TIMEOUT_MS = SESSION.idleSignOutMinutes * 60_000;
export const IDLE_WARNING_MS = 60_000;

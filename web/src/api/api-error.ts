/** One field's problem, as the API reports it in `error.details`. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: ApiErrorDetail[];
  requestId?: string;
}

export const NETWORK_ERROR_MESSAGE = "We couldn't reach the portal. Check your internet connection and try again.";
const SERVER_ERROR_MESSAGE = 'The portal is having trouble right now. Please try again in a few minutes.';
const RATE_LIMIT_MESSAGE = 'Too many attempts. Please wait a few minutes and try again.';
const GENERIC_MESSAGE = 'Something went wrong. Please try again.';

/**
 * An error answer from the API (`{ error: { code, message, details?, requestId? } }`), or a network failure
 * (status 0). `message` is written for people and never contains PHI, so it can be shown as is.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  readonly requestId: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }

  /** Builds the error from a non-2xx answer, tolerating bodies that are not the API's error shape (a proxy's 502). */
  static fromResponse(status: number, payload: unknown): ApiError {
    const body = isRecord(payload) && isRecord(payload.error) ? payload.error : undefined;
    const message = typeof body?.message === 'string' && body.message.trim() ? body.message : fallbackMessage(status);
    return new ApiError({
      status,
      code: typeof body?.code === 'string' ? body.code : `http_${status}`,
      message,
      details: Array.isArray(body?.details) ? body.details.filter(isDetail) : [],
      requestId: typeof body?.requestId === 'string' ? body.requestId : undefined,
    });
  }
}

function fallbackMessage(status: number): string {
  if (status === 429) return RATE_LIMIT_MESSAGE;
  if (status >= 500) return SERVER_ERROR_MESSAGE;
  return GENERIC_MESSAGE;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isDetail(value: unknown): value is ApiErrorDetail {
  return isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string';
}

/** A message fit to show a person for any thrown value: the API's own message, or a generic one. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : GENERIC_MESSAGE;
}

/** The API's request id, for support, when the error carries one. */
export function errorRequestId(error: unknown): string | undefined {
  return error instanceof ApiError ? error.requestId : undefined;
}

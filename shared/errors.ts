/**
 * The portal's one error model. Handlers throw DomainErrors; the error middleware turns them into
 * `{ "error": { "code", "message", "requestId" } }` with their status. Only errors with `expose` (client errors)
 * show their message; anything else becomes a generic 500. Messages never contain PHI.
 */
export class DomainError extends Error {
  readonly expose: boolean;
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = new.target.name;
    this.expose = status < 500;
  }

  toJSON(requestId?: string) {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details?.length ? { details: this.details } : {}),
        ...(requestId ? { requestId } : {}),
      },
    };
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: ReadonlyArray<{ path: string; message: string }>) {
    super('invalid_request', 400, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to continue.', code = 'unauthenticated') {
    super(code, 401, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', 403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super('not_found', 404, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(code, 409, message);
  }
}

export class GoneError extends DomainError {
  constructor(message: string, code = 'gone') {
    super(code, 410, message);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', 429, message);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message: string) {
    super('service_unavailable', 503, message);
  }
}

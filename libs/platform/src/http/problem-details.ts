import {
  BadRequestException,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
  type ValidationError,
} from '@nestjs/common';
import { DomainError, ValidationError as DomainValidationError } from '@accord/event-store';
import { setHeader, type HeaderSink } from './request-context';

/**
 * What the filter needs of a response, the same on Express's response and Fastify's reply: a JSON
 * body sent with `send` gets `; charset=utf-8` added to the type on both.
 */
type ProblemResponse = HeaderSink & {
  status(code: number): { type(type: string): { send(body: unknown): unknown } };
};

/** One invalid field of a request: `field` is a dotted path such as `contacts.0.email`. */
export interface InvalidParam {
  field: string;
  message: string;
}

/** RFC 7807 (RFC 9457) problem details, plus a stable `code` clients can switch on. */
interface ProblemFields {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: InvalidParam[];
}

/** RFC 7807 allows extension members: a readiness failure carries its per-dependency checks. */
export type ProblemDetails = ProblemFields & Record<string, unknown>;

/**
 * A failure that already knows its HTTP shape. Domain errors (not found, conflict, a broken business
 * rule) are thrown as these, so that the filter below is the only place that writes error bodies.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemFields, 'type'> & { type?: string } & Record<string, unknown>) {
    super(problem.detail ?? problem.title, problem.status);
  }
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly errors: InvalidParam[]) {
    super('Request validation failed');
  }
}

/**
 * Flattens class-validator's nested errors so that every bad field is named once, by its full path,
 * with all that is wrong with it.
 */
export function invalidParams(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own = messages.length > 0 ? [{ field, message: messages.join('; ') }] : [];
    return own.concat(invalidParams(error.children ?? [], field));
  });
}

/** How each kind of domain failure reads over HTTP. */
const DOMAIN_STATUS: Record<DomainError['kind'], { status: number; title: string }> = {
  validation: { status: 400, title: 'Your request has invalid fields' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  // The caller's If-Match (or the version it read) is stale: re-read and retry.
  concurrency: { status: 412, title: 'The resource has changed since you read it' },
  business_rule: { status: 422, title: 'Not allowed in the current state' },
};

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'business_rule_violated',
  428: 'precondition_required',
  429: 'too_many_requests',
  503: 'unavailable',
};

/**
 * Every error leaves the service as `application/problem+json`. Unexpected errors become a plain
 * 500 whose body says nothing of the internals: the stack goes to the log, never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest(), http.getResponse());
  }

  /**
   * The answer itself, also for what the framework refuses before Nest sees the request (Fastify's
   * `frameworkErrors`: a path that is not validly percent-encoded). `originalUrl`: the address as
   * asked for, on both adapters (Fastify's request has it too).
   */
  answer(exception: unknown, request: { originalUrl: string }, response: ProblemResponse): void {
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl;
    // Only the unexpected is an error worth a stack in the log: a refused command or a 503 "not
    // ready" is an answer, not a bug.
    if (problem.code === 'database_unavailable' || problem.code === 'database_busy') {
      this.logger.warn(`${problem.code}: ${exception instanceof Error ? exception.message : String(exception)}`);
    } else if (problem.status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    // A passing outage: say when to come back (RFC 9110 §10.2.3). A create may be retried safely with
    // its Idempotency-Key.
    if (problem.code === 'database_unavailable') setHeader(response, 'Retry-After', '5');
    if (problem.code === 'database_busy') setHeader(response, 'Retry-After', '1');
    response.status(problem.status).type('application/problem+json').send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return { type: 'about:blank', ...exception.problem };
    if (exception instanceof DomainError) {
      const { status, title } = DOMAIN_STATUS[exception.kind];
      return {
        ...exception.details,
        type: 'about:blank',
        title,
        status,
        detail: exception.message,
        code: exception.code,
        ...(exception instanceof DomainValidationError && exception.errors.length > 0
          ? { errors: exception.errors }
          : {}),
      };
    }
    if (exception instanceof RequestValidationError) {
      return {
        type: 'about:blank',
        title: 'Your request has invalid fields',
        status: 400,
        detail: exception.errors.map((error) => `${error.field}: ${error.message}`).join('; '),
        code: 'validation_failed',
        errors: exception.errors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Body-parser errors (malformed JSON, too large) arrive as HttpExceptions with a safe message.
      return {
        type: 'about:blank',
        title:
          HttpStatus[status]
            ?.replace(/_/g, ' ')
            .toLowerCase()
            .replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error',
        status,
        detail: exception.message,
        code: CODES[status] ?? 'http_error',
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        type: 'about:blank',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database cannot be reached right now; nothing was changed. Retry in a few seconds.',
        code: 'database_unavailable',
      };
    }
    if (isDatabaseBusy(exception)) {
      return {
        type: 'about:blank',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database could not finish this in time; nothing was changed. Retry in a moment.',
        code: 'database_busy',
      };
    }
    // Errors raised by the framework before any route (a body over the size limit, an unreadable
    // body): on Express they follow http-errors, a client error with a message safe to show
    // (`expose`); on Fastify they are its own `FST_` errors with a `statusCode`, whose 4xx messages
    // say what was wrong with the request and nothing of the service.
    const clientError = exception as {
      status?: unknown;
      statusCode?: unknown;
      expose?: unknown;
      code?: unknown;
      message?: unknown;
    };
    const status =
      clientError.expose === true
        ? clientError.status
        : typeof clientError.code === 'string' && clientError.code.startsWith('FST_')
          ? clientError.statusCode
          : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        type: 'about:blank',
        title:
          HttpStatus[status]
            ?.replace(/_/g, ' ')
            .toLowerCase()
            .replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error',
        status,
        detail: typeof clientError.message === 'string' ? clientError.message : undefined,
        code: CODES[status] ?? 'http_error',
      };
    }
    return {
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      detail: 'The service could not complete the request; it has been logged.',
      code: 'internal_error',
    };
  }
}

/**
 * Postgres ending a statement that waited or ran too long, or that lost a deadlock: 55P03 (a lock
 * not had within `lock_timeout`), 57014 (cancelled by `statement_timeout`), 40P01 (a deadlock), 40001
 * (a serialization failure). The transaction was rolled back, so the answer is 503 and "retry".
 */
export function isDatabaseBusy(exception: unknown): boolean {
  const { code, driverError } = exception as { code?: unknown; driverError?: { code?: unknown } };
  return ['55P03', '57014', '40P01', '40001'].includes(String(driverError?.code ?? code));
}

/**
 * Postgres going away (a restart, a fail-over, the network) rather than a bug: the transaction was
 * rolled back or never began, so the honest answer is 503 and "retry", not a 500. Connection refused
 * or reset by the driver; SQLSTATE class 08 (connection exception); 57P01-57P03 (the server shutting
 * down or starting up); 53300 (no connection slot); and node-postgres's own wording for a
 * connection that dropped mid-query or could not be had from the pool in time.
 */
export function isDatabaseUnavailable(exception: unknown, depth = 0): boolean {
  const error = exception as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300'].includes(code))
    return true;
  if (code.startsWith('08')) return true;
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return true;
  }
  return isDatabaseUnavailable(error.driverError, depth + 1) || isDatabaseUnavailable(error.cause, depth + 1);
}

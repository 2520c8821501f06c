import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import {
  BusinessRuleError,
  ConcurrencyError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '@accord/event-store';
import { ProblemDetailsFilter, ProblemException, RequestValidationError, invalidParams } from './problem-details';

/** The filter's only collaborators are the request and response: a plain recorder stands in. */
function run(exception: unknown) {
  const sent: { status?: number; type?: string; body?: Record<string, unknown>; headers: Record<string, string> } = {
    headers: {},
  };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    status(code: number) {
      sent.status = code;
      return response;
    },
    type(type: string) {
      sent.type = type;
      return response;
    },
    send(body: Record<string, unknown>) {
      sent.body = body;
      return response;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/partners/42' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return sent;
}

// The filter logs unexpected errors with their stack; that is for operators, not for this output.
beforeAll(() => {
  Logger.overrideLogger(false);
});

describe('invalidParams', () => {
  it('names nested fields by their full path', () => {
    const params = invalidParams([
      { property: 'name', constraints: { isNotEmpty: 'name should not be empty' }, children: [] },
      {
        property: 'contacts',
        children: [
          {
            property: '0',
            children: [{ property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] }],
          },
        ],
      },
    ]);
    expect(params).toEqual([
      { field: 'name', message: 'name should not be empty' },
      { field: 'contacts.0.email', message: 'email must be an email' },
    ]);
  });
});

describe('ProblemDetailsFilter', () => {
  it('lists every invalid field of a validation failure', () => {
    const sent = run(new RequestValidationError([{ field: 'country', message: 'country must be ISO 3166-1 alpha-2' }]));
    expect(sent).toMatchObject({
      status: 400,
      type: 'application/problem+json',
      body: {
        status: 400,
        code: 'validation_failed',
        instance: '/partners/42',
        errors: [{ field: 'country', message: 'country must be ISO 3166-1 alpha-2' }],
      },
    });
  });

  it('passes a domain problem through with its code and extension members', () => {
    const sent = run(
      new ProblemException({ title: 'Duplicate partner', status: 409, code: 'partner_duplicate', existingId: 'p-1' }),
    );
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ type: 'about:blank', code: 'partner_duplicate', existingId: 'p-1' });
  });

  it.each([
    [new ValidationError('country_unknown', 'XX is not a country', [{ field: 'country', message: 'unknown' }]), 400],
    [new NotFoundError('partner_not_found', 'no partner p-9'), 404],
    [new ConflictError('partner_duplicate', 'exists', { existingPartnerId: 'p-1' }), 409],
    [new ConcurrencyError('partner-p-1', 3, 4), 412],
    [new BusinessRuleError('agreement_not_approved', 'sign an approved agreement only'), 422],
  ])('maps the domain error %p to %p with its code and details', (error, status) => {
    const sent = run(error);
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ status, code: error.code, detail: error.message, ...error.details });
  });

  it("maps Nest's HTTP exceptions to problems with stable codes", () => {
    expect(run(new NotFoundException('Cannot GET /x')).body).toMatchObject({ status: 404, code: 'not_found' });
    expect(run(new BadRequestException('Unexpected token')).body).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('hides the internals of an unexpected error', () => {
    const sent = run(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: 'internal_error' });
    expect(JSON.stringify(sent.body)).not.toMatch(/secret|TypeError/);
  });

  it.each([
    [
      'the server refusing connections',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'an administrator shutting it down',
      { name: 'QueryFailedError', message: 'terminating connection', driverError: { code: '57P01' } },
    ],
    ['the server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 with Retry-After, not 500, for %s', (_, error) => {
    const sent = run(error);
    expect({ status: sent.status, code: sent.body?.code, retryAfter: sent.headers['Retry-After'] }).toEqual({
      status: 503,
      code: 'database_unavailable',
      retryAfter: '5',
    });
  });

  it.each([
    [
      'a lock not had within lock_timeout',
      { name: 'QueryFailedError', message: 'lock timeout', driverError: { code: '55P03' } },
    ],
    [
      'a statement cancelled by statement_timeout',
      { name: 'QueryFailedError', message: 'canceling statement', driverError: { code: '57014' } },
    ],
    ['a deadlock', { name: 'QueryFailedError', message: 'deadlock detected', driverError: { code: '40P01' } }],
  ])('answers 503 database_busy with Retry-After: 1, not 500, for %s', (_, error) => {
    const sent = run(error);
    expect({ status: sent.status, code: sent.body?.code, retryAfter: sent.headers['Retry-After'] }).toEqual({
      status: 503,
      code: 'database_busy',
      retryAfter: '1',
    });
  });

  it('still answers 500 for a database error that is a bug, such as a syntax error', () => {
    const sent = run({
      name: 'QueryFailedError',
      message: 'syntax error at or near "SELCT"',
      driverError: { code: '42601' },
    });
    expect(sent.status).toBe(500);
    expect(sent.headers['Retry-After']).toBeUndefined();
  });
});

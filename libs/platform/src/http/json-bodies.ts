import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem-details';

/**
 * Every service speaks JSON only. Express would also parse a form (`application/x-www-form-urlencoded`)
 * into a body that passes validation, so a route meant for JSON took an HTML form, which a browser
 * sends cross-site without a CORS preflight. A body in any other type is refused with a 415 before
 * it is read; a request without a body is let through, as many commands take none.
 */

/** `application/json` and the structured `+json` types (`application/merge-patch+json`), any parameters. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

/**
 * Whether a request carries a body (RFC 9112 §6.3): a Transfer-Encoding, or a Content-Length above
 * zero. `Content-Length: 0` is no body, whatever its type says.
 */
export function hasBody(request: IncomingMessage): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && Number(length) !== 0;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The request body parsers' `type`: what is JSON here is parsed as JSON, and nothing else is parsed. */
export const parsesAsJson = (request: IncomingMessage): boolean => isJsonMediaType(request.headers['content-type']);

/** Express middleware: a write whose body is not JSON is answered 415 `unsupported_media_type`. */
export function jsonBodiesOnly() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (!WRITES.has(request.method) || !hasBody(request) || isJsonMediaType(request.headers['content-type'])) {
      next();
      return;
    }
    const sent = request.headers['content-type'];
    next(
      new ProblemException({
        status: 415,
        title: 'Unsupported media type',
        code: 'unsupported_media_type',
        detail: `request bodies must be JSON, sent as Content-Type: application/json; this one ${
          sent ? `is ${JSON.stringify(sent.slice(0, 100))}` : 'has no Content-Type'
        }`,
      }),
    );
  };
}

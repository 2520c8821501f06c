import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestException } from '@nestjs/common';
import { ProblemException } from './problem-details';

/**
 * Every service speaks JSON only. Express (and Nest's Fastify adapter) would also parse a form
 * (`application/x-www-form-urlencoded`) into a body that passes validation, so a route meant for JSON
 * took an HTML form, which a browser sends cross-site without a CORS preflight. A body in any other
 * type is refused with a 415 before it is read; a request without a body is let through, as many
 * commands take none.
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

/** The 415 `unsupported_media_type` for a write whose body is not JSON; undefined for any other request. */
export function nonJsonBody(request: IncomingMessage): ProblemException | undefined {
  if (!WRITES.has(request.method ?? '') || !hasBody(request) || isJsonMediaType(request.headers['content-type'])) {
    return undefined;
  }
  const sent = request.headers['content-type'];
  return new ProblemException({
    status: 415,
    title: 'Unsupported media type',
    code: 'unsupported_media_type',
    detail: `request bodies must be JSON, sent as Content-Type: application/json; this one ${
      sent ? `is ${JSON.stringify(sent.slice(0, 100))}` : 'has no Content-Type'
    }`,
  });
}

/** Express middleware: a write whose body is not JSON is answered 415 (on Fastify, a hook: configureApp). */
export function jsonBodiesOnly() {
  return (request: IncomingMessage, _response: ServerResponse, next: (error?: ProblemException) => void): void => {
    next(nonJsonBody(request));
  };
}

/**
 * Fastify's body parser, for every type: what reaches it is JSON (`nonJsonBody` refused the rest
 * before it was read) or empty (a write without a body, of any type). Read as Express's body-parser
 * read it: an empty body is none, and JSON must be an object or an array (its `strict`). What does
 * not parse is the 400 Nest made of body-parser's error, with JSON.parse's message.
 */
export function parseJsonBody(body: string): unknown {
  if (body === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new BadRequestException((error as Error).message);
  }
  if (typeof value !== 'object' || value === null) {
    throw new BadRequestException(
      `Unexpected ${JSON.stringify(body.trim().slice(0, 20))}: a JSON body is an object or an array`,
    );
  }
  return value;
}

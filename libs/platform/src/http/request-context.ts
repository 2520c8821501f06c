import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { CommandContext } from '@accord/event-store';

/**
 * A request as a route, guard or interceptor gets it: Express's request, or Fastify's, which wraps
 * the Node.js message as `raw`. The request's id (`requestIdOf`) is on the Node.js message on both:
 * pino-http sets it on Express, @fastify/middie copies Fastify's there.
 */
export interface IdentifiedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string | undefined>;
  body?: unknown;
  /** Express's path (without the query); Fastify has none. */
  path?: string;
  /** Express's mount path and matched route. */
  baseUrl?: string;
  route?: { path?: unknown };
  /** Fastify's matched route. */
  routeOptions?: { url?: string };
  id?: unknown;
  raw?: IncomingMessage & { id?: unknown };
  user?: { id: string };
  /** Set by `IdempotentWrites` when the request carries an `Idempotency-Key`. */
  alsoCommit?: CommandContext['alsoCommit'];
}

/** What the request ids are read from: the Node.js message, Fastify's `raw` or Express's request itself. */
export interface RequestMessage {
  headers: IncomingHttpHeaders;
  id?: unknown;
}

export function messageOf(request: IdentifiedRequest): RequestMessage {
  return request.raw ?? request;
}

/** The path asked for, without the query. */
export function pathOf(request: IdentifiedRequest): string {
  return request.path ?? request.url.split('?', 1)[0];
}

/** The route template the request matched (`/partners/:id`), on either adapter; undefined if none did. */
export function routeTemplateOf(request: IdentifiedRequest): string | undefined {
  if (request.routeOptions) return request.routeOptions.url;
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : undefined;
}

/**
 * A response on either adapter, as far as routes touch it: they only set headers. Express's response
 * names that `setHeader` (Node's), Fastify's reply `header`.
 */
export type HeaderSink =
  { header(name: string, value: string): unknown } | { setHeader(name: string, value: string): unknown };

export function setHeader(response: HeaderSink, name: string, value: string): void {
  if ('header' in response) response.header(name, value);
  else response.setHeader(name, value);
}

/**
 * The context a command runs in, taken from its HTTP request: the caller's correlation id (or this
 * request's id, so that one user action can be traced across services), the request id as the
 * cause, and the authenticated user as actor. Its time is the store's to stamp, from the service's
 * one `Clock`.
 */
export function commandContextOf(request: IdentifiedRequest): CommandContext {
  const message = messageOf(request);
  const requestId = typeof message.id === 'string' ? message.id : crypto.randomUUID();
  return {
    correlationId: correlationIdOf(message) ?? requestId,
    causationId: requestId,
    actor: request.user ? `user:${request.user.id}` : 'anonymous',
    ...(request.alsoCommit && { alsoCommit: request.alsoCommit }),
  };
}

/** The caller's `x-correlation-id` (128 characters at most), else the request's id (once it has one). */
export function correlationIdOf(request: RequestMessage): string | undefined {
  const correlation = request.headers['x-correlation-id'];
  if (typeof correlation === 'string' && correlation.length <= 128) return correlation;
  return typeof request.id === 'string' ? request.id : undefined;
}

/** `@Context() context: CommandContext` in a controller method. */
export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  commandContextOf(ctx.switchToHttp().getRequest<IdentifiedRequest>()),
);

/**
 * `If-Match: "3"` (or `W/"3"`) → 3: the stream version the client last read. Absent → undefined
 * (the write goes ahead on the current version). Anything else is a 400, never a silent overwrite.
 */
export function expectedVersionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(ifMatch);
  if (!match) throw new BadRequestException(`If-Match must be an ETag such as "3", not ${ifMatch}`);
  return Number(match[1]);
}

/** Every read and write of a resource answers with its version as a strong ETag. */
export function setVersion(response: HeaderSink, version: number): void {
  setHeader(response, 'ETag', `"${version}"`);
}

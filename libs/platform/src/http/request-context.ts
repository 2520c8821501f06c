import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { CommandContext } from '@accord/event-store';

export type IdentifiedRequest = Request & {
  id?: string;
  user?: { id: string };
  /** Set by `IdempotentWrites` when the request carries an `Idempotency-Key`. */
  alsoCommit?: CommandContext['alsoCommit'];
};

/**
 * The context a command runs in, taken from its HTTP request: the caller's correlation id (or this
 * request's id, so that one user action can be traced across services), the request id as the
 * cause, and the authenticated user as actor. Its time is the store's to stamp, from the service's
 * one `Clock`.
 */
export function commandContextOf(request: IdentifiedRequest): CommandContext {
  const requestId = request.id ?? crypto.randomUUID();
  return {
    correlationId: correlationIdOf(request) ?? requestId,
    causationId: requestId,
    actor: request.user ? `user:${request.user.id}` : 'anonymous',
    ...(request.alsoCommit && { alsoCommit: request.alsoCommit }),
  };
}

/** The caller's `x-correlation-id` (128 characters at most), else the request's id (once it has one). */
export function correlationIdOf(request: IncomingMessage & { id?: unknown }): string | undefined {
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
export function setVersion(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}

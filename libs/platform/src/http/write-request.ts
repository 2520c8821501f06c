import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import type { WriteOptions } from '../writes/stream-writer';
import { commandContextOf, expectedVersionOf, setVersion, type IdentifiedRequest } from './request-context';

/** What a write route takes from its request, and how it answers: `@Write() write: WriteRequest`. */
export interface WriteRequest extends WriteOptions {
  /** The answer, with the resource's new version sent as its ETag. */
  answer<Result extends { version: number }>(result: Result): Result;
}

/**
 * The command context (with the Idempotency-Key interceptor's `alsoCommit`, when it set one) and
 * the `If-Match` version. The header is read when the route reads `expectedVersion`, so that a bad
 * id, body or role is answered first, as it was when each route parsed the header itself; a
 * malformed one is a 400.
 */
export function writeRequestOf(request: IdentifiedRequest, response: Response): WriteRequest {
  const ifMatch = request.headers['if-match'];
  return {
    context: commandContextOf(request),
    get expectedVersion() {
      return expectedVersionOf(ifMatch);
    },
    answer(result) {
      setVersion(response, result.version);
      return result;
    },
  };
}

/** `@Write() write: WriteRequest` in a write route (which documents `@ApiHeader(IF_MATCH_HEADER)`). */
export const Write = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  writeRequestOf(ctx.switchToHttp().getRequest<IdentifiedRequest>(), ctx.switchToHttp().getResponse<Response>()),
);

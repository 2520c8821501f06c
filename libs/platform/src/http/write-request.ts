import {
  HttpCode,
  Patch,
  Post,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles, type Role } from '../auth/roles';
import type { WriteOptions } from '../writes/stream-writer';
import {
  commandContextOf,
  expectedVersionOf,
  setVersion,
  type HeaderSink,
  type IdentifiedRequest,
} from './request-context';
import { IdempotentCreate } from './idempotency/idempotent-writes';
import { IF_MATCH_HEADER, WriteResult } from './resource';

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
export function writeRequestOf(request: IdentifiedRequest, response: HeaderSink): WriteRequest {
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
  writeRequestOf(ctx.switchToHttp().getRequest<IdentifiedRequest>(), ctx.switchToHttp().getResponse<HeaderSink>()),
);

export interface WriteRouteOptions {
  /** Who may call it (the `@Roles` of the route); a finer rule is the route's own (`requireRole`). */
  roles: Role[];
  /**
   * The operation's name in the OpenAPI document, which the web app's generated client calls it by.
   * The names date from one controller per aggregate (`AgreementsController_sign`); a route keeps
   * its name when it moves, so that no client breaks.
   */
  operationId: string;
  summary: string;
  description?: string;
  /** 201 for a route that adds a part with an id of its own (an obligation, a contact); else 200. */
  status?: 200 | 201;
  /** What it answers with: `WriteResult` (the id and the new version) unless it says more. */
  type?: Type<unknown>;
}

/**
 * A write route's decorators in one: its method and path, who may call it, its OpenAPI operation,
 * the `If-Match` header it takes and what it answers. With `@Write()` for its parameter, a route is
 * its request, its command and `write.answer(...)`.
 */
export function WriteRoute(method: 'POST' | 'PATCH', path: string, options: WriteRouteOptions): MethodDecorator {
  const { roles, status = 200, type = WriteResult, ...operation } = options;
  return applyDecorators(
    method === 'POST' ? Post(path) : Patch(path),
    Roles(...roles),
    HttpCode(status),
    ApiOperation(operation),
    ApiHeader(IF_MATCH_HEADER),
    status === 201 ? ApiCreatedResponse({ type }) : ApiOkResponse({ type }),
  );
}

export type CreateRouteOptions = Pick<WriteRouteOptions, 'roles' | 'operationId' | 'summary' | 'description'>;

/**
 * A create route's decorators in one (`POST /<aggregate>s`): who may call it, its OpenAPI operation,
 * the `Idempotency-Key` it takes and its 201 answer. Its parameter is `@Create()`.
 */
export function CreateRoute(options: CreateRouteOptions): MethodDecorator {
  const { roles, ...operation } = options;
  return applyDecorators(
    Post(),
    Roles(...roles),
    ApiOperation(operation),
    IdempotentCreate(),
    ApiCreatedResponse({ type: WriteResult }),
  );
}

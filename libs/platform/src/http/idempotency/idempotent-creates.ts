import { createHash, randomUUID } from 'node:crypto';
import { Injectable, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { PostgresEventStore, type CommandContext } from '@accord/event-store';
import { ProblemException, RequestValidationError } from '../problem-details';
import {
  commandContextOf,
  pathOf,
  routeTemplateOf,
  setHeader,
  setVersion,
  type HeaderSink,
  type IdentifiedRequest,
} from '../request-context';
import type { WriteResult } from '../resource';

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Any unique string (a UUID) of up to 255 characters: a retry with the same key and body answers with the original result instead of creating twice.',
};

/** How long a key is remembered: longer than any client retries. */
const RETENTION_HOURS = 24;

export interface CreateRequest {
  /** The `Idempotency-Key` header, if the client sent one. */
  key: string | undefined;
  /** The route, e.g. `POST /partners`: a key names one create on one route, for one user. */
  scope: string;
  context: CommandContext;
  /** The validated body: a retry must send the same. */
  body: unknown;
  /** The stream a resource with this id is stored in. */
  stream: (id: string) => string;
}

export interface CreateOutcome {
  result: WriteResult;
  /** True when this is a retry answered with the resource the first request created. */
  replayed: boolean;
}

/**
 * `Idempotency-Key` on create routes (draft-ietf-httpapi-idempotency-key-header): a client that did
 * not hear the answer (a timeout, a dropped connection, a 503) retries with the same key and gets the
 * original result, and only one resource exists.
 *
 * The key is bound to the new resource's id before the command runs, so however the first attempt
 * ended (answered, crashed after appending, still running in another instance), a retry creates
 * under the same id, and the event store lets a stream be created once: it cannot make two. The
 * answer is recorded once the create succeeded; a create that failed wrote nothing, so its key is
 * released and a retry runs afresh.
 */
@Injectable()
export class IdempotentCreates {
  private lastCleanup = 0;

  constructor(private readonly store: PostgresEventStore) {}

  async create(request: CreateRequest, run: (id: string) => Promise<WriteResult>): Promise<CreateOutcome> {
    if (request.key === undefined) return { result: await run(randomUUID()), replayed: false };
    const key = checkedIdempotencyKey(request.key);
    const hash = createHash('sha256').update(canonicalJson(request.body)).digest('base64url');
    const who = [request.context.actor, request.scope, key];
    await this.forgetOldKeys();

    const db = this.store.dataSource;
    const [claimed] = await db.query<{ resource_id: string }[]>(
      `INSERT INTO idempotency_keys (actor, scope, key, request_hash, resource_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (actor, scope, key) DO NOTHING RETURNING resource_id`,
      [...who, hash, randomUUID()],
    );
    let id = claimed?.resource_id;
    if (!id) {
      const [earlier] = await db.query<{ request_hash: string; resource_id: string; response: WriteResult | null }[]>(
        'SELECT request_hash, resource_id, response FROM idempotency_keys WHERE actor = $1 AND scope = $2 AND key = $3',
        who,
      );
      if (!earlier) return this.create(request, run); // released by a failed first attempt meanwhile
      if (earlier.request_hash !== hash) throw keyReused(key);
      if (earlier.response) return { result: earlier.response, replayed: true };
      id = earlier.resource_id; // the first attempt is still running, or died: create under its id
    }

    try {
      const result = await run(id);
      await this.remember(who, result);
      return { result, replayed: !claimed };
    } catch (error) {
      // Another attempt with this key created the resource first: that is the answer to this one too.
      const version = await this.store.version(request.stream(id));
      if (version > 0) {
        const result = { id, version };
        await this.remember(who, result);
        return { result, replayed: true };
      }
      // Nothing was created: release the key, so that a retry (once the cause is fixed) runs afresh.
      if (claimed) await db.query('DELETE FROM idempotency_keys WHERE actor = $1 AND scope = $2 AND key = $3', who);
      throw error;
    }
  }

  private async remember(who: string[], result: WriteResult): Promise<void> {
    await this.store.dataSource.query(
      'UPDATE idempotency_keys SET response = $4 WHERE actor = $1 AND scope = $2 AND key = $3 AND response IS NULL',
      [...who, JSON.stringify(result)],
    );
  }

  /** At most once an hour per process: one indexed delete. */
  private async forgetOldKeys(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await this.store.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [RETENTION_HOURS],
    );
  }
}

/** A key sent again with another body: the client meant a new request and must use a new key. */
export function keyReused(key: string): ProblemException {
  return new ProblemException({
    status: 422,
    title: 'Idempotency key reused',
    code: 'idempotency_key_reused',
    detail: `The Idempotency-Key ${key} was used for a different request; use a new key for a new request`,
  });
}

export function checkedIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new RequestValidationError([
      { field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return key;
}

/** JSON with object keys sorted: the same body sent with its fields in another order is the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The answer to a create: 201 with the new resource's address and version, the same on a retry,
 * which also says `Idempotent-Replayed: true` so that a client can tell.
 */
export function created(response: HeaderSink, location: string, { result, replayed }: CreateOutcome): WriteResult {
  setHeader(response, 'Location', location);
  setVersion(response, result.version);
  if (replayed) setHeader(response, 'Idempotent-Replayed', 'true');
  return result;
}

/**
 * What a create route takes from its request (`@Create() create: NewResource`): the
 * `Idempotency-Key`, the route as the key's scope and the command context, all that
 * `IdempotentCreates.create` needs besides the body and the stream; and the 201 answer.
 */
export interface NewResource extends Pick<CreateRequest, 'key' | 'scope' | 'context'> {
  answer(location: string, outcome: CreateOutcome): WriteResult;
}

export function newResourceOf(request: IdentifiedRequest, response: HeaderSink): NewResource {
  const key = request.headers['idempotency-key'];
  return {
    key: Array.isArray(key) ? key[0] : key,
    // e.g. `POST /partners`: a key names one create on one route, for one user.
    scope: `${request.method} ${routeTemplateOf(request) ?? pathOf(request)}`,
    context: commandContextOf(request),
    answer: (location, outcome) => created(response, location, outcome),
  };
}

/** `@Create() create: NewResource` in a create route (which is marked `@IdempotentCreate()`). */
export const Create = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  newResourceOf(ctx.switchToHttp().getRequest<IdentifiedRequest>(), ctx.switchToHttp().getResponse<HeaderSink>()),
);

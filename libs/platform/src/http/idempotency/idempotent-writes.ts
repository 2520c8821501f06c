import { createHash } from 'node:crypto';
import {
  Injectable,
  SetMetadata,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { PostgresEventStore } from '@accord/event-store';
import {
  commandContextOf,
  pathOf,
  setHeader,
  setVersion,
  type HeaderSink,
  type IdentifiedRequest,
} from '../request-context';
import { IDEMPOTENCY_KEY_HEADER, canonicalJson, checkedIdempotencyKey, keyReused } from './idempotent-creates';

const CREATE_ROUTE = 'accord:idempotent-create';

/**
 * A create route: its `Idempotency-Key` binds the new resource's id (`IdempotentCreates`), so the
 * interceptor for the other writes leaves it alone.
 */
export const IdempotentCreate = () =>
  applyDecorators(ApiHeader(IDEMPOTENCY_KEY_HEADER), SetMetadata(CREATE_ROUTE, true));

/** What the OpenAPI documents say of the header on every other write. */
export const IDEMPOTENT_WRITE_HEADER = {
  ...IDEMPOTENCY_KEY_HEADER,
  description:
    'Any unique string (a UUID) of up to 255 characters: a retry with the same key and body answers with the original result instead of applying the change twice.',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The record of an earlier request with this key; `response` is the route's answer, once it gave one. */
interface Earlier {
  request_hash: string;
  resource_id: string | null;
  applied_version: number;
  response: Answer | null;
}

/** A route's answer as stored: a write's answer names the resource's new version. */
type Answer = Record<string, unknown> & { version?: unknown };

/** How long a retry waits for the answer of a first attempt that has committed its change. */
const ANSWER_WAIT_MS = 2_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `Idempotency-Key` on every write that is not a create (a spend, a contact, an obligation, a
 * signature...): a client that did not hear the answer retries with the same key and body and gets
 * the original answer; the change is applied once.
 *
 * The key is recorded in the append's own transaction (`CommandContext.alsoCommit`): the change and
 * the key commit together or not at all, so a connection lost after `COMMIT` cannot let a retry apply
 * it again, and a request whose write failed leaves no key behind. Two requests with one key at once
 * meet at the key's primary key: the second one's append waits for the first and then rolls back,
 * and it answers with what the first recorded. The full answer is stored once the route returns; if
 * the process died in between, a retry answers with the resource and the version the change made
 * (without ids the route chose, such as a new contact's: the resource itself lists them).
 */
@Injectable()
export class IdempotentWrites implements NestInterceptor {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const request = execution.switchToHttp().getRequest<IdentifiedRequest>();
    const header = request.headers['idempotency-key'];
    if (SAFE_METHODS.has(request.method) || header === undefined) return next.handle();
    if (this.reflector.get<boolean>(CREATE_ROUTE, execution.getHandler())) return next.handle();
    const response = execution.switchToHttp().getResponse<HeaderSink>();
    return from(this.write(request, response, String(header), next));
  }

  private async write(request: IdentifiedRequest, response: HeaderSink, header: string, next: CallHandler) {
    const key = checkedIdempotencyKey(header);
    const who = [commandContextOf(request).actor, `${request.method} ${pathOf(request)}`, key];
    const hash = createHash('sha256')
      .update(canonicalJson(request.body ?? {}))
      .digest('base64url');
    const earlier = await this.find(who);
    if (earlier) return this.replay(earlier, who, hash, key, response);

    const resourceId = typeof request.params.id === 'string' && UUID.test(request.params.id) ? request.params.id : null;
    request.alsoCommit = async (tx, appended) => {
      await tx.query(
        `INSERT INTO idempotency_keys (actor, scope, key, request_hash, resource_id, applied_version)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [...who, hash, resourceId, appended.version],
      );
    };
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.store.dataSource.query(
        'UPDATE idempotency_keys SET response = $4 WHERE actor = $1 AND scope = $2 AND key = $3',
        [...who, JSON.stringify(body ?? null)],
      );
      return body;
    } catch (error) {
      // The same key arrived twice at once, and the other request recorded its change first.
      if (keyTaken(error)) {
        const recorded = await this.find(who);
        if (recorded) return this.replay(recorded, who, hash, key, response);
      }
      throw error;
    }
  }

  private async find(who: string[]): Promise<Earlier | undefined> {
    const [earlier] = await this.store.dataSource.query<Earlier[]>(
      `SELECT request_hash, resource_id, applied_version, response
       FROM idempotency_keys WHERE actor = $1 AND scope = $2 AND key = $3`,
      who,
    );
    return earlier;
  }

  private async replay(earlier: Earlier, who: string[], hash: string, key: string, response: HeaderSink) {
    if (earlier.request_hash !== hash) throw keyReused(key);
    // The first attempt committed its change; its answer follows in a moment, unless it died.
    let answer = earlier.response;
    for (let waited = 0; answer === null && waited < ANSWER_WAIT_MS; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = (await this.find(who))?.response ?? null;
    }
    const replayed: Answer = answer ?? { id: earlier.resource_id, version: earlier.applied_version };
    if (typeof replayed.version === 'number') setVersion(response, replayed.version);
    setHeader(response, 'Idempotent-Replayed', 'true');
    return replayed;
  }
}

function keyTaken(error: unknown): boolean {
  const { code, constraint } = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
  return code === '23505' && constraint === 'idempotency_keys_pkey';
}

import type { DataSource, EntityManager } from 'typeorm';
import { silentLogger } from './consumer-logger';
import { HandlerFailed, Inbox } from './inbox';
import type { ReceivedMessage } from './received-message';

jest.setTimeout(5_000);

/**
 * The inbox table and its transactions, in memory: ids recorded in a transaction are kept only if
 * it commits, as are the handler's writes (`applied`).
 */
class MemoryInbox {
  readonly recorded = new Set<string>();
  readonly applied: string[] = [];
  transactions = 0;
  /** Set to make the next insert fail, as a database that went away does. */
  failNextInsert?: Error;

  readonly dataSource = {
    transaction: async <T>(work: (tx: EntityManager) => Promise<T>): Promise<T> => {
      this.transactions++;
      const staged = { recorded: new Set<string>(), applied: [] as string[] };
      const tx = {
        query: (_sql: string, [, ids]: [string, string | string[]]) => {
          const failure = this.failNextInsert;
          this.failNextInsert = undefined;
          if (failure) return Promise.reject(failure);
          const fresh = [ids].flat().filter((id) => !this.recorded.has(id) && !staged.recorded.has(id));
          fresh.forEach((id) => staged.recorded.add(id));
          return Promise.resolve([...new Set(fresh)].map((id) => ({ message_id: id })));
        },
        staged,
      } as unknown as EntityManager;
      const result = await work(tx);
      staged.recorded.forEach((id) => this.recorded.add(id));
      this.applied.push(...staged.applied);
      return result;
    },
  } as unknown as DataSource;

  /** A handler that writes the message's id, or fails for the ids in `failing`. */
  handler(failing: Set<string> = new Set()) {
    return (message: ReceivedMessage, tx: EntityManager) => {
      if (failing.has(message.id)) return Promise.reject(new Error(`cannot apply ${message.id}`));
      (tx as unknown as { staged: { applied: string[] } }).staged.applied.push(message.id);
      return Promise.resolve();
    };
  }
}

const received = (id: string, offset = '0'): ReceivedMessage => ({
  id,
  type: 'thing.happened',
  key: 'k',
  topic: 't',
  partition: 0,
  offset,
  payload: {},
  headers: { ce_id: id },
});

describe('Inbox', () => {
  let memory: MemoryInbox;
  const inbox = (failing?: Set<string>) =>
    new Inbox({
      dataSource: memory.dataSource,
      consumer: 'g',
      handler: memory.handler(failing),
      logger: silentLogger,
      around: (_message, work) => work(),
    });

  beforeEach(() => {
    memory = new MemoryInbox();
  });

  it('applies a new message once, and skips it when it is seen again', async () => {
    await expect(inbox().applyOnce(received('a'))).resolves.toBe(true);
    await expect(inbox().applyOnce(received('a'))).resolves.toBe(false);
    expect(memory.applied).toEqual(['a']);
  });

  it("marks a handler's error as such, and keeps nothing of its transaction", async () => {
    const error = await inbox(new Set(['a']))
      .applyOnce(received('a'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerFailed);
    expect((error as HandlerFailed).cause).toEqual(new Error('cannot apply a'));
    expect(memory.recorded.size).toBe(0);
  });

  it("throws the database's own errors as they are", async () => {
    memory.failNextInsert = new Error('connection lost');
    const error = await inbox()
      .applyOnce(received('a'))
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(HandlerFailed);
    expect(error).toEqual(new Error('connection lost'));
  });

  it('applies several messages in one transaction, skipping those seen before and second copies', async () => {
    await inbox().applyOnce(received('b'));
    const result = await inbox().applyTogether([received('a'), received('b'), received('c'), received('a')]);
    expect(result).toEqual({ outcomes: ['applied', 'duplicate', 'applied', 'duplicate'] });
    expect(memory.applied).toEqual(['b', 'a', 'c']);
    expect(memory.transactions).toBe(2);
  });

  it('says which message of several failed, keeping nothing of any of them', async () => {
    const result = await inbox(new Set(['c'])).applyTogether(['a', 'b', 'c', 'd'].map((id) => received(id)));
    expect(result).toMatchObject({ index: 2, failure: expect.any(HandlerFailed) });
    expect(memory.applied).toEqual([]);
    expect(memory.recorded.size).toBe(0);
  });

  it("throws the database's own errors from a shared transaction too", async () => {
    memory.failNextInsert = new Error('connection lost');
    await expect(inbox().applyTogether([received('a'), received('b')])).rejects.toThrow('connection lost');
  });
});

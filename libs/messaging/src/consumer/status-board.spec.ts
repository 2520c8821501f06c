import type { ConsumerEvent } from './consumer-status';
import { silentLogger } from './consumer-logger';
import { StatusBoard } from './status-board';

jest.setTimeout(5_000);

describe('StatusBoard', () => {
  it('starts stopped, with no crashes', () => {
    expect(new StatusBoard(silentLogger).status()).toMatchObject({ state: 'stopped', crashes: 0 });
  });

  it('keeps the time a state was entered while it stays, and the last error once running again', () => {
    const board = new StatusBoard(silentLogger);
    board.enter('crashed', { crashes: 1, lastError: 'TypeError' });
    const since = board.status().since;
    board.enter('crashed', { restartAt: new Date(0) });
    expect(board.status()).toMatchObject({ state: 'crashed', since, crashes: 1, lastError: 'TypeError' });
    board.enter('running');
    expect(board.status()).toMatchObject({ state: 'running', crashes: 1, lastError: 'TypeError' });
    expect(board.status().restartAt).toBeUndefined();
  });

  it('hands out copies of the status', () => {
    const board = new StatusBoard(silentLogger);
    board.status().crashes = 5;
    expect(board.status().crashes).toBe(0);
  });

  it('tells every watcher, survives one that throws (logging it), and forgets one that stopped watching', () => {
    const warn = jest.fn();
    const board = new StatusBoard({ ...silentLogger, warn });
    const seen: ConsumerEvent[] = [];
    board.watch(() => {
      throw new Error('metrics down');
    });
    const unwatch = board.watch((event) => seen.push(event));
    board.tell({ type: 'restarted', outcome: 'running' });
    expect(seen).toEqual([{ type: 'restarted', outcome: 'running' }]);
    expect(warn).toHaveBeenCalledWith('a watcher failed: metrics down');
    unwatch();
    board.tell({ type: 'restarted', outcome: 'failed' });
    expect(seen).toHaveLength(1);
  });
});

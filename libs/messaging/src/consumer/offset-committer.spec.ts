import type { Consumer } from 'kafkajs';
import { silentLogger } from './consumer-logger';
import { OffsetCommitter } from './offset-committer';

jest.setTimeout(5_000);

type Offsets = Parameters<Consumer['commitOffsets']>[0];

describe('OffsetCommitter', () => {
  let commits: Offsets[];
  let commitOffsets: jest.Mock<Promise<void>, [Offsets]>;
  let committer: OffsetCommitter;

  beforeEach(() => {
    commits = [];
    commitOffsets = jest.fn((offsets: Offsets) => {
      commits.push(offsets);
      return Promise.resolve();
    });
    committer = new OffsetCommitter({ commitOffsets }, silentLogger);
  });

  it('commits, per partition, the offset after the last message done', async () => {
    committer.done('t', 0, '4');
    committer.done('t', 0, '5');
    committer.done('t', 1, '9007199254740993');
    committer.done('u', 0, '0');
    await committer.commit();
    expect(commits).toEqual([
      [
        { topic: 't', partition: 0, offset: '6' },
        { topic: 't', partition: 1, offset: '9007199254740994' },
        { topic: 'u', partition: 0, offset: '1' },
      ],
    ]);
  });

  it('commits nothing when nothing was done since the last commit', async () => {
    committer.done('t', 0, '1');
    await committer.commit();
    await committer.commit();
    expect(commitOffsets).toHaveBeenCalledTimes(1);
  });

  it('commits one at a time: what is done during a commit goes in the next', async () => {
    let finish: () => void = () => undefined;
    commitOffsets.mockImplementationOnce((offsets) => {
      commits.push(offsets);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    committer.done('t', 0, '1');
    const first = committer.commit();
    committer.done('t', 0, '2');
    const second = committer.commit();
    await Promise.resolve();
    expect(commits).toHaveLength(1);
    finish();
    await Promise.all([first, second]);
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '2' }], [{ topic: 't', partition: 0, offset: '3' }]]);
  });

  it('tries a failed commit again with the next: not thrown, logged at debug', async () => {
    const debug = jest.fn();
    committer = new OffsetCommitter({ commitOffsets }, { ...silentLogger, debug });
    let fail: (error: Error) => void = () => undefined;
    commitOffsets.mockImplementationOnce(() => new Promise<void>((_, reject) => (fail = reject)));
    committer.done('t', 0, '1');
    committer.done('t', 1, '7');
    const first = committer.commit();
    // Newer news of a partition, while the commit is out, wins over its failed offset.
    committer.done('t', 1, '8');
    fail(new Error('rebalancing'));
    await expect(first).resolves.toBeUndefined();
    expect(debug).toHaveBeenCalledWith('offset commit failed, tried again with the next: rebalancing');
    await committer.commit();
    expect(commits).toEqual([
      [
        { topic: 't', partition: 1, offset: '9' },
        { topic: 't', partition: 0, offset: '2' },
      ],
    ]);
  });

  it('commits nothing for a partition a rebalance gave to another member', async () => {
    committer.done('t', 0, '4');
    committer.done('t', 1, '4');
    committer.assign({ t: [1, 2] });
    // A batch of the lost partition still finishing after the join.
    committer.done('t', 0, '5');
    committer.done('t', 2, '0');
    await committer.commit();
    expect(commits).toEqual([
      [
        { topic: 't', partition: 1, offset: '5' },
        { topic: 't', partition: 2, offset: '1' },
      ],
    ]);
  });

  it('does not try a failed commit again for a partition lost meanwhile', async () => {
    let fail: (error: Error) => void = () => undefined;
    commitOffsets.mockImplementationOnce((offsets) => {
      commits.push(offsets);
      return new Promise<void>((_, reject) => (fail = reject));
    });
    committer.done('t', 0, '1');
    committer.done('t', 1, '1');
    const first = committer.commit();
    committer.assign({ t: [1] });
    fail(new Error('rebalancing'));
    await first;
    await committer.commit();
    expect(commits[1]).toEqual([{ topic: 't', partition: 1, offset: '2' }]);
  });

  it('commits on its timer until stopped', async () => {
    jest.useFakeTimers();
    try {
      committer.startTimer(1_000);
      committer.done('t', 0, '1');
      await jest.advanceTimersByTimeAsync(1_000);
      expect(commitOffsets).toHaveBeenCalledTimes(1);
      committer.stopTimer();
      committer.done('t', 0, '2');
      await jest.advanceTimersByTimeAsync(5_000);
      expect(commitOffsets).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

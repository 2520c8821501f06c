import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { refusedForGood, sendApart } from './outbox-parking';

/** A broker's answer as kafkajs reports it once it gives up: the protocol error is the cause. */
function answered(type: string, retriable: boolean): Error {
  const protocol = new KafkaJSProtocolError({ type, code: 0, retriable, message: `broker says ${type}` } as never);
  return retriable
    ? new KafkaJSNumberOfRetriesExceeded(protocol, { retryCount: 5, retryTime: 100 })
    : Object.assign(new KafkaJSNonRetriableError(protocol), { cause: protocol });
}

describe('refusedForGood', () => {
  it.each(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'INVALID_TIMESTAMP'])(
    '%s: for good',
    (type) => {
      expect(refusedForGood(answered(type, false))).toBe(type);
    },
  );

  it.each([
    ['a leader moving', answered('NOT_LEADER_FOR_PARTITION', true)],
    ['too few in-sync replicas', answered('NOT_ENOUGH_REPLICAS', true)],
    ['an authorisation not granted yet', answered('TOPIC_AUTHORIZATION_FAILED', false)],
    ['a broker away', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['a send past its deadline', new Error('Kafka did not acknowledge the batch within 60000 ms')],
  ])('%s: may pass, so retried', (_case, error) => {
    expect(refusedForGood(error)).toBeUndefined();
  });
});

describe('sendApart', () => {
  const tooLarge = () => answered('MESSAGE_TOO_LARGE', false);

  it('parks only what the broker refuses alone, and sends the rest in order', async () => {
    // The broker takes at most 10 units in one send: 12 never fits, the others only in parts.
    const sent: number[][] = [];
    const parked: number[] = [];
    await sendApart(
      [3, 3, 12, 4, 5, 1],
      (part) => {
        if (part.reduce((sum, n) => sum + n, 0) > 10) return Promise.reject(tooLarge());
        sent.push(part);
        return Promise.resolve();
      },
      (row, reason) => {
        expect(reason).toMatch(/^MESSAGE_TOO_LARGE: /);
        parked.push(row);
        return Promise.resolve();
      },
    );
    expect(sent.flat()).toEqual([3, 3, 4, 5, 1]);
    expect(parked).toEqual([12]);
  });

  it('throws a failure that may pass, keeping what went through and what was parked', async () => {
    const sent: number[][] = [];
    const parked: number[] = [];
    const sending = sendApart(
      [20, 1, 2],
      (part) => {
        if (part.reduce((sum, n) => sum + n, 0) > 10) return Promise.reject(tooLarge());
        if (part.includes(2)) return Promise.reject(new KafkaJSConnectionError('Connection error'));
        sent.push(part);
        return Promise.resolve();
      },
      (row) => Promise.resolve(void parked.push(row)),
    );
    await expect(sending).rejects.toThrow('Connection error');
    expect(sent).toEqual([[1]]);
    expect(parked).toEqual([20]);
  });
});

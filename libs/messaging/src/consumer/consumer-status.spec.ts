import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isDown, kindOf, type ConsumerState } from './consumer-status';

describe('kindOf', () => {
  it("names the original cause kafkajs wrapped, with Kafka's error code, and never the message", () => {
    const refused = new KafkaJSProtocolError({
      message: 'The request included a message larger than the max message size',
      type: 'MESSAGE_TOO_LARGE',
    } as unknown as Error);
    // As kafkajs's retriers wrap it: the error itself once, and the original as each one's cause.
    const once = Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused });
    const wrapped = Object.assign(new KafkaJSNonRetriableError(once), { cause: refused });
    expect(kindOf(wrapped)).toBe('KafkaJSProtocolError MESSAGE_TOO_LARGE');
  });

  it('names an error by its class, whatever data its message quotes', () => {
    expect(kindOf(new TypeError("Cannot read properties of undefined (reading 'Osaka University')"))).toBe('TypeError');
    expect(kindOf(new Error('outer', { cause: new RangeError('inner') }))).toBe('RangeError');
    expect(kindOf('a string thrown')).toBe('string');
  });
});

describe('isDown', () => {
  it.each<[ConsumerState, boolean]>([
    ['crashed', true],
    ['running', false],
    ['starting', false],
    ['stopped', false],
  ])('%s: %s', (state, down) => {
    expect(isDown({ state, since: new Date(), crashes: 0 })).toBe(down);
  });
});

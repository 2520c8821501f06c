import { BadRequestException } from '@nestjs/common';
import { commandContextOf, expectedVersionOf, type IdentifiedRequest } from './request-context';

describe('expectedVersionOf', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    [' "0" ', 0],
    [undefined, undefined],
    ['*', undefined],
  ])('reads If-Match %p as %p', (header, version) => {
    expect(expectedVersionOf(header)).toBe(version);
  });

  it.each(['3', '"abc"', '"3", "4"', ''])('refuses the malformed If-Match %p', (header) => {
    expect(() => expectedVersionOf(header)).toThrow(BadRequestException);
  });
});

describe('commandContextOf', () => {
  const request = (headers: Record<string, string>, extra: object = {}) =>
    ({ id: 'req-1', headers, ...extra }) as unknown as IdentifiedRequest;

  it("carries the caller's correlation id, the request as cause, and the user as actor", () => {
    const context = commandContextOf(request({ 'x-correlation-id': 'journey-7' }, { user: { id: 'ada' } }));
    expect(context).toMatchObject({ correlationId: 'journey-7', causationId: 'req-1', actor: 'user:ada' });
    // The time is the store's to stamp, from the service's one Clock (see test/one-clock.int-spec.ts).
    expect(context.now).toBeUndefined();
  });

  it('starts a new correlation at this request when the caller sent none', () => {
    expect(commandContextOf(request({}))).toMatchObject({ correlationId: 'req-1', actor: 'anonymous' });
  });
});

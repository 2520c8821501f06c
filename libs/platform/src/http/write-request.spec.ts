import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';
import type { IdentifiedRequest } from './request-context';
import { writeRequestOf } from './write-request';

describe('writeRequestOf', () => {
  const request = (headers: Record<string, string>, extra: object = {}) =>
    ({ id: 'req-1', headers, ...extra }) as unknown as IdentifiedRequest;
  const response = () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    return { res: res as unknown as Response, headers };
  };

  it('carries the command context, with the Idempotency-Key interceptor’s hook', () => {
    const alsoCommit = jest.fn();
    const { context } = writeRequestOf(request({}, { user: { id: 'ada' }, alsoCommit }), response().res);
    expect(context).toMatchObject({ correlationId: 'req-1', causationId: 'req-1', actor: 'user:ada', alsoCommit });
  });

  it.each([
    [{ 'if-match': '"3"' }, 3],
    [{ 'if-match': 'W/"12"' }, 12],
    [{ 'if-match': '*' }, undefined],
    [{}, undefined],
  ])('reads If-Match %p as the expected version %p', (headers, version) => {
    expect(writeRequestOf(request(headers), response().res).expectedVersion).toBe(version);
  });

  it('refuses a malformed If-Match with a 400, when the route reads it', () => {
    const write = writeRequestOf(request({ 'if-match': '3' }), response().res);
    expect(() => write.expectedVersion).toThrow(BadRequestException);
  });

  it('answers with the result, its version sent as the ETag', () => {
    const { res, headers } = response();
    const result = { id: 'p-1', contactId: 'c-1', version: 4 };
    expect(writeRequestOf(request({}), res).answer(result)).toBe(result);
    expect(headers).toEqual({ ETag: '"4"' });
  });
});

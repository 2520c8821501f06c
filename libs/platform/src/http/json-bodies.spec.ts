import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { hasBody, isJsonMediaType, jsonBodiesOnly } from './json-bodies';
import { ProblemException } from './problem-details';

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as Request;

/** What the middleware passes on: nothing (let through) or the problem it refuses with. */
function verdict(method: string, headers: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  jsonBodiesOnly()(request(method, headers), {} as Response, (error?: unknown) => {
    passed = error instanceof ProblemException ? error.problem : error;
  });
  return passed;
}

describe('JSON request bodies only', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON ; charset=UTF-8',
    'application/merge-patch+json',
    'application/problem+json',
  ])('takes %p as JSON', (type) => expect(isJsonMediaType(type)).toBe(true));

  it.each([
    undefined,
    '',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'text/json',
    'application/jsonp',
    'application/json-seq',
    'application/+json',
    'application/xml',
  ])('does not take %p as JSON', (type) => expect(isJsonMediaType(type)).toBe(false));

  it('knows a body by Transfer-Encoding or a Content-Length above zero', () => {
    const message = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
    expect(hasBody(message({ 'content-length': '12' }))).toBe(true);
    expect(hasBody(message({ 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(hasBody(message({ 'content-length': '0' }))).toBe(false);
    expect(hasBody(message({}))).toBe(false);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'refuses a %s with a form body: 415 naming application/json',
    (method) => {
      expect(verdict(method, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' })).toEqual({
        status: 415,
        title: 'Unsupported media type',
        code: 'unsupported_media_type',
        detail:
          'request bodies must be JSON, sent as Content-Type: application/json; this one is "application/x-www-form-urlencoded"',
      });
    },
  );

  it('refuses a body without a Content-Type, and a chunked one of another type', () => {
    expect(verdict('POST', { 'content-length': '2' })).toMatchObject({
      status: 415,
      detail: 'request bodies must be JSON, sent as Content-Type: application/json; this one has no Content-Type',
    });
    expect(verdict('POST', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' })).toMatchObject({
      status: 415,
    });
  });

  it('lets through JSON, writes without a body, and reads', () => {
    expect(
      verdict('POST', { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }),
    ).toBeUndefined();
    expect(verdict('PATCH', { 'content-type': 'application/merge-patch+json', 'content-length': '2' })).toBeUndefined();
    expect(verdict('POST', {})).toBeUndefined();
    expect(verdict('POST', { 'content-type': 'text/plain', 'content-length': '0' })).toBeUndefined();
    expect(verdict('GET', { 'content-type': 'text/plain', 'content-length': '5' })).toBeUndefined();
  });
});

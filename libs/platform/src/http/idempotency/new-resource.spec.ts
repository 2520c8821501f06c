import type { Response } from 'express';
import type { IdentifiedRequest } from '../request-context';
import { newResourceOf } from './idempotent-creates';

describe('newResourceOf (`@Create()`)', () => {
  const request = (headers: Record<string, string>) =>
    ({
      id: 'req-1',
      method: 'POST',
      baseUrl: '',
      path: '/partners',
      route: { path: '/partners' },
      headers,
      user: { id: 'ada' },
    }) as unknown as IdentifiedRequest;

  it('takes the key, the route as its scope and the context from the request', () => {
    const create = newResourceOf(request({ 'idempotency-key': 'k-1' }), {} as Response);
    expect(create).toMatchObject({ key: 'k-1', scope: 'POST /partners' });
    expect(create.context).toMatchObject({ causationId: 'req-1', actor: 'user:ada' });
    expect(newResourceOf(request({}), {} as Response).key).toBeUndefined();
  });

  it('answers 201 material: the Location, the version as ETag, and whether it was a replay', () => {
    const headers: Record<string, string> = {};
    const response = {
      location: (to: string) => (headers.Location = to),
      setHeader: (name: string, value: string) => (headers[name] = value),
    } as unknown as Response;
    const create = newResourceOf(request({}), response);
    const result = create.answer('/partners/p-1', { result: { id: 'p-1', version: 1 }, replayed: true });
    expect(result).toEqual({ id: 'p-1', version: 1 });
    expect(headers).toEqual({ Location: '/partners/p-1', ETag: '"1"', 'Idempotent-Replayed': 'true' });
  });
});

import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../http/problem-details';
import { AuthGuard } from './auth.guard';
import { IdentityProviderUnavailable } from './remote-keys';
import { InvalidToken, type TokenVerifier } from './token-verifier';

/** The guard's answer when the verifier throws `error`, with the headers it set. */
async function answerTo(error: Error) {
  const headers: Record<string, string> = {};
  const request = { headers: { authorization: 'Bearer a.b.c' }, query: {}, method: 'GET' };
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) };
  const context = {
    getType: () => 'http',
    getHandler: () => answerTo,
    getClass: () => AuthGuard,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  const verifier = { verify: () => Promise.reject(error) } as unknown as TokenVerifier;
  const thrown = await new AuthGuard(new Reflector(), verifier).canActivate(context).catch((caught: unknown) => caught);
  expect(thrown).toBeInstanceOf(ProblemException);
  return { problem: (thrown as ProblemException).problem, headers };
}

describe('AuthGuard', () => {
  it('answers 401 with the reason for a refused token', async () => {
    const { problem, headers } = await answerTo(new InvalidToken('the token has expired'));
    expect(problem).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(headers['WWW-Authenticate']).toContain('error_description="the token has expired"');
  });

  it('answers 503 when the identity provider’s keys cannot be had: the token may be fine', async () => {
    const { problem, headers } = await answerTo(new IdentityProviderUnavailable('connect ECONNREFUSED 10.0.0.7:443'));
    expect(problem).toMatchObject({
      status: 503,
      code: 'identity_provider_unavailable',
      detail:
        "The bearer token could not be checked: the identity provider's keys could not be fetched. Try again shortly.",
    });
    expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
    expect(headers).toEqual({ 'Retry-After': '5' });
  });
});

import { CALLBACK_PATHS, POST_LOGOUT_PATHS, isLoopbackUri } from './loopback';

describe('the redirect URIs the local identity provider accepts', () => {
  it.each([
    'http://localhost:3000/auth/callback',
    'http://127.0.0.1:54321/auth/callback',
    'http://localhost/auth/callback',
  ])('accepts %s', (uri) => expect(isLoopbackUri(uri, CALLBACK_PATHS)).toBe(true));

  it.each([
    'https://localhost:3000/auth/callback',
    'http://evil.example/auth/callback',
    'http://localhost.evil.example:3000/auth/callback',
    'http://localhost:3000@evil.example/auth/callback',
    'http://evil.example#@localhost:3000/auth/callback',
    'http://localhost:3000/auth/callback?next=http://evil.example',
    'http://localhost:3000/auth/callback#x',
    'http://localhost:3000/auth/callback/',
    'http://localhost:3000/auth/../auth/callback',
    'http://LOCALHOST:3000/auth/callback',
    'http://[::1]:3000/auth/callback',
    'http://0.0.0.0:3000/auth/callback',
    'http://localhost:3000/',
    'not a uri',
  ])('refuses %s', (uri) => expect(isLoopbackUri(uri, CALLBACK_PATHS)).toBe(false));

  it('accepts the dashboard itself and its signed-out page after logout, nothing else', () => {
    expect(isLoopbackUri('http://localhost:3000/', POST_LOGOUT_PATHS)).toBe(true);
    expect(isLoopbackUri('http://127.0.0.1:4000/signed-out', POST_LOGOUT_PATHS)).toBe(true);
    expect(isLoopbackUri('http://localhost:3000/auth/callback', POST_LOGOUT_PATHS)).toBe(false);
    expect(isLoopbackUri('http://example.com/', POST_LOGOUT_PATHS)).toBe(false);
  });
});

/**
 * A real OpenID Connect provider for development and tests (oidc-provider), with Accord's demo
 * users: `tsx scripts/identity/provider.ts`, or `npm run infra:up` which runs it in the background.
 * One confidential client, the dashboard (Authorization Code + PKCE, client_secret_basic), signs
 * people in; the services verify its RS256 JWT access tokens (audience `accord`) against jwks_uri.
 *
 * State is in memory (oidc-provider's default adapter): a restart signs everyone out, which is what
 * a development provider may do. Its keys are kept in the state folder (see keys.ts).
 */
import Provider, { errors, type Client, type KoaContext, type Token } from 'oidc-provider';
import { identityClientId, identityClientSecret, identityIssuer, identityPort } from '../auth/dev-identity';
import { findUser, userClaims } from './accounts';
import { grantEverything, interactions } from './interactions';
import { cookieKeys, signingKeys } from './keys';
import { CALLBACK_PATHS, POST_LOGOUT_PATHS, isLoopbackUri } from './loopback';
import { errorPage, signOutPage, signedOutPage } from './pages';

const issuer = identityIssuer();
const host = process.env.IDP_HOST || '127.0.0.1';
const audience = process.env.AUTH_AUDIENCE || 'accord';
/** Resource indicators must be absolute URIs; the tokens' audience is the plain name the services expect. */
const resource = /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `urn:${audience}`;
const accessTokenTtl = Number(process.env.IDP_ACCESS_TOKEN_TTL || 300);
const DAY = 24 * 60 * 60;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: identityClientId(),
      client_secret: identityClientSecret(),
      client_name: 'Accord dashboard',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // The usual ones; any loopback port is allowed below (see loopback.ts).
      redirect_uris: ['http://localhost:3000/auth/callback'],
      post_logout_redirect_uris: ['http://localhost:3000/', 'http://localhost:3000/signed-out'],
    },
  ],
  jwks: signingKeys(),
  cookies: {
    keys: cookieKeys(),
    // Cookies ignore ports: names of its own keep the provider's apart from the dashboard's on localhost.
    names: { session: 'accord_idp_session', interaction: 'accord_idp_interaction', resume: 'accord_idp_resume' },
  },
  responseTypes: ['code'],
  pkce: { required: () => true },
  // Name and roles are in every ID token, whatever scopes were asked for: the dashboard needs them.
  claims: { openid: ['sub', 'name', 'roles'], profile: ['name'] },
  conformIdTokenClaims: false,
  findAccount(_ctx: KoaContext, sub: string) {
    const user = findUser(sub);
    return user && { accountId: user.username, claims: () => userClaims(user) };
  },
  extraTokenClaims(_ctx: KoaContext, token: Token) {
    const user = token.kind === 'AccessToken' && token.accountId ? findUser(token.accountId) : undefined;
    return user && { name: user.name, roles: [...user.roles] };
  },
  // First-party client: no consent screen, the grant covers everything it may ask for.
  async loadExistingGrant(ctx: KoaContext) {
    const { client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId ?? session!.grantIdFor(client!.clientId);
    const grant =
      (grantId && (await provider.Grant.find(grantId))) ||
      new provider.Grant({ accountId: session!.accountId!, clientId: client!.clientId });
    await grantEverything(grant, resource).save();
    return grant;
  },
  // Refresh tokens whether or not offline_access survived (oidc-provider drops it without
  // prompt=consent); they end with the provider session, so signing out ends them too.
  issueRefreshToken: (_ctx: KoaContext, client: { grantTypeAllowed(type: string): boolean }) =>
    client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    RefreshToken: DAY,
    Interaction: 60 * 60,
    Session: DAY,
    Grant: DAY,
  },
  clientBasedCORS: () => false,
  features: {
    devInteractions: { enabled: false },
    // Claims are in the ID token and the access token; the access token is for Accord, not userinfo.
    userinfo: { enabled: false },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx: KoaContext, indicator: string) {
        if (indicator !== resource) throw new errors.InvalidTarget(`the only resource here is ${resource}`);
        return {
          scope: 'api',
          audience,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx: KoaContext, form: string) {
        ctx.type = 'html';
        ctx.body = signOutPage(form);
      },
      postLogoutSuccessSource(ctx: KoaContext) {
        ctx.type = 'html';
        ctx.body = signedOutPage();
      },
    },
  },
  renderError(ctx: KoaContext, out: { error: string; error_description?: string }) {
    ctx.type = 'html';
    ctx.body = errorPage('The sign-in request was refused.', `${out.error}: ${out.error_description ?? ''}`);
  },
});

const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
provider.Client.prototype.redirectUriAllowed = function (this: Client, uri: string) {
  return redirectUriAllowed.call(this, uri) || isLoopbackUri(uri, CALLBACK_PATHS);
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function (this: Client, uri: string) {
  return postLogoutRedirectUriAllowed.call(this, uri) || isLoopbackUri(uri, POST_LOGOUT_PATHS);
};

provider.use(interactions(provider, resource));
provider.on('server_error', (_ctx, error) => console.error('server error:', error));
// One line per refusal, with oidc-provider's reason: what a developer looks for in the log.
for (const event of ['authorization.error', 'grant.error', 'end_session.error']) {
  provider.on(event, (_ctx, error) => {
    const { message, error_description } = error as Error & { error_description?: string };
    console.warn(`${event}: ${message}${error_description ? ` (${error_description})` : ''}`);
  });
}

const server = provider.listen(identityPort(), host, () => {
  console.log(`identity provider: ${issuer} (listening on ${host}:${identityPort()})`);
});
// SIGTERM from `npm run infra:down`, SIGINT from Ctrl-C: stop accepting, then leave.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

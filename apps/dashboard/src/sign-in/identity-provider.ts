import * as oidc from 'openid-client';
import { isLoopback } from '@accord/platform';
import type { PendingSignIn } from './session-store';
import type { SignInSettings } from './sign-in.settings';

/** What a completed sign-in or a refresh gives the session. */
export interface ProviderTokens {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  subject?: string;
  name?: string;
}

/**
 * The company's OpenID provider, through openid-client: Authorization Code with PKCE as a confidential
 * client, refresh, and sign-out at the provider. Discovery runs on first use and again after a failure,
 * so the dashboard starts (and serves bearer-token clients) while the provider is still coming up.
 */
export class IdentityProvider {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly settings: SignInSettings) {}

  async authorizationUrl(redirectUri: string, returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.config();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      ...this.settings.authorizationParams,
      redirect_uri: redirectUri,
      scope: this.settings.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Checks the provider's answer (state, PKCE, nonce, the ID token) and redeems the code. */
  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderTokens> {
    const tokens = await oidc.authorizationCodeGrant(await this.config(), callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return this.read(tokens);
  }

  async refresh(refreshToken: string): Promise<ProviderTokens> {
    const tokens = await oidc.refreshTokenGrant(await this.config(), refreshToken);
    return { refreshToken, ...this.read(tokens) };
  }

  /** Where to send the browser to end the provider's session too (undefined if it offers none). */
  async signOutUrl(idToken: string | undefined, returnTo: string): Promise<URL | undefined> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: returnTo,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }

  private read(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): ProviderTokens {
    const claims = tokens.claims();
    const name = claims && typeof claims.name === 'string' ? claims.name : undefined;
    return {
      accessToken: tokens.access_token,
      accessExpiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
      ...(claims ? { subject: claims.sub } : {}),
      ...(name ? { name } : {}),
    };
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const url = new URL(issuer);
    // Plain HTTP only for a provider on this machine (the local one); anywhere else, TLS.
    const local = url.protocol === 'http:' && isLoopback(url.hostname);
    return oidc.discovery(
      url,
      clientId,
      undefined,
      oidc.ClientSecretBasic(clientSecret),
      local ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  }
}

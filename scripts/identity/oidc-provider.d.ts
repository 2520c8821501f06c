/**
 * oidc-provider ships no type declarations: these cover the part of its API the local provider
 * uses (scripts/identity/), and nothing more.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  /** Koa's context, as far as the provider's middleware and callbacks need it. */
  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    status: number;
    type: string;
    body: unknown;
    set(field: string, value: string): void;
    redirect(url: string): void;
    oidc: OidcContext;
  }

  export interface OidcContext {
    provider: Provider;
    client?: Client;
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  }

  export interface Client {
    clientId: string;
    // Properties, not methods: the local provider replaces them on Client.prototype.
    redirectUriAllowed: (this: Client, uri: string) => boolean;
    postLogoutRedirectUriAllowed: (this: Client, uri: string) => boolean;
  }

  export interface Grant {
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface Interaction {
    uid: string;
    grantId?: string;
    session?: { accountId?: string };
    params: Record<string, unknown>;
    prompt: { name: string; reasons: string[] };
  }

  export interface Token {
    kind: string;
    accountId?: string;
  }

  export interface Account {
    accountId: string;
    claims(): Record<string, unknown> | Promise<Record<string, unknown>>;
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration: object);
    readonly issuer: string;
    readonly Client: { prototype: Client };
    readonly Grant: {
      new (properties: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    use(middleware: Middleware): this;
    listen(port: number, host: string, callback: () => void): Server;
    on(event: string, listener: (ctx: KoaContext, ...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: object,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    SessionNotFound: new (description?: string) => Error;
  };
}

import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import { errors, type Grant, type KoaContext, type Middleware } from 'oidc-provider';
import { authenticate } from './accounts';
import { CONTENT_SECURITY_POLICY, errorPage, signInPage } from './pages';

/** What this first-party client is granted without asking: consent is implied. */
export function grantEverything(grant: Grant, resource: string): Grant {
  grant.addOIDCScope('openid profile offline_access');
  grant.addResourceScope(resource, 'api');
  return grant;
}

const FAILED = 'That username and password do not match a demo user. Check both and try again.';
const EXPIRED =
  'This sign-in page has expired, or was opened in another browser. Go back to Accord and choose Sign in again.';

/** A sign-in form is two short fields: anything longer is not one. */
async function formBody(req: IncomingMessage, limit = 4_096): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    // Koa answers with the status and message of an error that says so.
    if (body.length > limit) throw Object.assign(new Error('form too large'), { status: 413, expose: true });
  }
  return new URLSearchParams(body);
}

/**
 * The provider's own interaction pages (instead of oidc-provider's devInteractions): GET
 * /interaction/:uid shows the sign-in form, or grants consent at once; POST /interaction/:uid/login
 * checks the credentials. oidc-provider's interaction cookie (httpOnly, SameSite=Lax, bound to the
 * uid's path) ties both to the browser that started the authorization request: another site can
 * neither read the uid nor finish someone else's sign-in.
 */
export function interactions(provider: Provider, resource: string): Middleware {
  return async (ctx, next) => {
    ctx.set('content-security-policy', CONTENT_SECURITY_POLICY);
    ctx.set('referrer-policy', 'no-referrer');
    const route = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!route) return next();
    ctx.set('cache-control', 'no-store');
    try {
      const interaction = await provider.interactionDetails(ctx.req, ctx.res);
      if (interaction.uid !== route[1]) throw new errors.SessionNotFound('interaction mismatch');
      const action = `/interaction/${interaction.uid}/login`;
      if (ctx.method === 'GET' && !route[2]) {
        if (interaction.prompt.name === 'login') return html(ctx, 200, signInPage({ action }));
        // Any other prompt is consent (prompt=consent, say): granted without a page.
        const grant =
          (interaction.grantId && (await provider.Grant.find(interaction.grantId))) ||
          new provider.Grant({
            accountId: interaction.session!.accountId!,
            clientId: String(interaction.params.client_id),
          });
        const grantId = await grantEverything(grant, resource).save();
        return redirect(ctx, await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }));
      }
      if (ctx.method === 'POST' && route[2] && interaction.prompt.name === 'login') {
        const form = await formBody(ctx.req);
        const username = form.get('username') ?? '';
        const user = authenticate(username, form.get('password') ?? '');
        if (!user) {
          console.warn(`sign-in refused: ${JSON.stringify(username.slice(0, 64))}`);
          return html(ctx, 401, signInPage({ action, username, error: FAILED }));
        }
        console.log(`signed in: ${user.username}`);
        const result = { login: { accountId: user.username } };
        return redirect(
          ctx,
          await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }),
        );
      }
      return html(ctx, 405, errorPage('That is not something this page does.'));
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return html(ctx, 400, errorPage(EXPIRED));
      throw error;
    }
  };
}

function html(ctx: KoaContext, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}

/** 303: the browser follows a form's POST with a GET. */
function redirect(ctx: KoaContext, to: string): void {
  ctx.status = 303;
  ctx.redirect(to);
}

import { createHash } from 'node:crypto';
import { DEMO_USERS } from '../auth/dev-identity';

/** The pages the local identity provider shows people: sign-in, sign-out and errors. No scripts. */

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f4f5f7;margin:0}
main{max-width:26rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1rem;margin:1.5rem 0 .25rem}
label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6b6b6b;border-radius:4px}
button{margin-top:1.25rem;font:inherit;font-weight:600;padding:.55rem 1.25rem;color:#fff;background:#1f5fbf;border:0;border-radius:4px;cursor:pointer}
button:hover{background:#174a96}:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.note{color:#555;font-size:.9rem;margin:0}.error{color:#8a1010;background:#fdeaea;border-left:4px solid #8a1010;padding:.5rem .75rem}
ul{padding-left:1.25rem;margin:.25rem 0}code{font-size:.95em}`;

/**
 * Pages may use their one style sheet and nothing else: no script runs here, and no other site may
 * frame the sign-in form. (No form-action: browsers apply it to the redirect back to the dashboard.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  // oidc-provider adds the hash of its own auto-submitting form (response_mode=form_post) to this.
  "script-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>`;
}

export interface SignInForm {
  action: string;
  username?: string;
  error?: string;
}

export function signInPage({ action, username = '', error }: SignInForm): string {
  const alert = error ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(error)}</p>` : '';
  const describedBy = error ? ' aria-describedby="sign-in-error"' : '';
  const password = process.env.IDP_DEMO_PASSWORD
    ? 'the password in <code>IDP_DEMO_PASSWORD</code>'
    : 'the password <code>accord</code>';
  const users = DEMO_USERS.map(
    ({ username: name, name: full, duty }) => `<li><code>${name}</code>: ${escapeHtml(full)}, ${duty}</li>`,
  ).join('');
  return page(
    'Accord sign-in (local identity provider)',
    `<h1>Sign in to Accord</h1>
<p class="note">Local identity provider for development: demo accounts only.</p>
${alert}
<form method="post" action="${escapeHtml(action)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(username)}"${describedBy}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<button type="submit">Sign in</button>
</form>
<h2>Demo users</h2>
<ul>${users}</ul>
<p class="note">Each signs in with ${password}.</p>`,
  );
}

/** `form` is oidc-provider's: an empty form with the anti-forgery token, which the button submits. */
export function signOutPage(form: string): string {
  return page(
    'Sign out of Accord?',
    `<h1>Sign out of Accord?</h1>
<p>You will be signed out of the local identity provider too.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>`,
  );
}

export function signedOutPage(): string {
  return page('Signed out of Accord', '<h1>You are signed out</h1><p>You may close this page.</p>');
}

export function errorPage(message: string, detail?: string): string {
  const more = detail ? `<p class="note">Details: <code>${escapeHtml(detail)}</code></p>` : '';
  return page(
    'Accord sign-in: something went wrong',
    `<h1>Something went wrong</h1><p>${escapeHtml(message)}</p>${more}`,
  );
}

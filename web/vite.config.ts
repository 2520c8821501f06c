import { defineConfig } from 'vite';

/** This folder, as a path (the config is typed for the browser, without Node's modules). */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** The dashboard server (the backend-for-frontend) that `npm run web:dev` forwards to; same origin in production. */
const DASHBOARD = 'http://127.0.0.1:3000';

/**
 * The web app: React with Vite's own TSX transform (automatic JSX runtime, no plugin). Output goes to
 * dist/web; nothing is loaded from another origin, and index.html holds no inline script or style, so
 * the server's CSP (`script-src 'self'`) applies unchanged. `npm run web:build` sets NODE_ENV to
 * production: Vite keeps a NODE_ENV it finds, and the test setup (NODE_ENV=test) builds it too.
 */
export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The module preload polyfill would be an inline script.
    modulePreload: { polyfill: false },
    // No asset becomes a data: URL, so the CSP needs no data: source for images or fonts.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': DASHBOARD, '/auth': DASHBOARD },
  },
});

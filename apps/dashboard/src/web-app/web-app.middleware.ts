import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The built web app (`npm run web:build`); relative to the working directory: the repository or /app. */
export const WEB_APP_DIR = join(process.cwd(), 'dist', 'web');
const SERVER_PATHS = /^\/(api|auth|health|metrics|docs)(\/|-|$)/;

/**
 * Serves the web app: its hashed assets for a year (a new build has new names), any other page
 * address as index.html, so a bookmarked `/partners?type=university` opens that view. What the app
 * shows comes from the API, which checks who is asking; these files hold no data.
 */
@Injectable()
export class WebAppMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    if (!['GET', 'HEAD'].includes(request.method) || SERVER_PATHS.test(request.path)) return next();
    if (request.path.startsWith('/assets/')) {
      // `root` makes send refuse any path that climbs out of the folder.
      return response.sendFile(request.path, { root: WEB_APP_DIR, maxAge: '365d', immutable: true }, (error) => {
        if (error) next();
      });
    }
    if (!existsSync(join(WEB_APP_DIR, 'index.html'))) {
      response.status(503).type('text/plain').send('The web app is not built yet: run `npm run web:build`.');
      return;
    }
    response.setHeader('cache-control', 'no-cache');
    response.sendFile('index.html', { root: WEB_APP_DIR });
  }
}

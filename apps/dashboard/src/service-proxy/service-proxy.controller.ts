import { Controller, Delete, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemException, Public } from '@accord/platform';

/** The services the web app talks to, by the name in its path: `/api/service/partner/partners/…`. */
export function serviceUrls(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    partner: env.PARTNER_SERVICE_URL ?? `http://127.0.0.1:${env.PARTNER_SERVICE_PORT ?? 3001}`,
    agreement: env.AGREEMENT_SERVICE_URL ?? `http://127.0.0.1:${env.AGREEMENT_SERVICE_PORT ?? 3002}`,
    project: env.PROJECT_SERVICE_URL ?? `http://127.0.0.1:${env.PROJECT_SERVICE_PORT ?? 3003}`,
  };
}

const REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'if-match', 'idempotency-key', 'traceparent'];
const RESPONSE_HEADERS = ['content-type', 'etag', 'location', 'retry-after', 'content-disposition', 'cache-control'];
const TIMEOUT_MS = 30_000;

/**
 * The web app's way to the services: same origin, so the session cookie (turned into the user's
 * bearer token by the session middleware) never leaves the server and the page needs no CORS. The
 * services decide who may do what; this only forwards, and refuses anonymous calls early.
 */
@Public()
@ApiExcludeController()
@Controller('api/service')
export class ServiceProxyController {
  private readonly services = serviceUrls();

  // The methods the services answer, and no other.
  @Get(':service/*path')
  read(@Param('service') name: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(name, request, response);
  }

  @Post(':service/*path')
  create(@Param('service') name: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(name, request, response);
  }

  @Patch(':service/*path')
  update(@Param('service') name: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(name, request, response);
  }

  @Delete(':service/*path')
  remove(@Param('service') name: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(name, request, response);
  }

  private async forward(name: string, request: Request, response: Response): Promise<void> {
    const base = this.services[name];
    if (!base)
      throw new ProblemException({ status: 404, title: 'Not Found', code: 'not_found', detail: `No service ${name}` });
    if (!request.headers.authorization) {
      throw new ProblemException({ status: 401, title: 'Unauthorized', code: 'signed_out', detail: 'Sign in first' });
    }
    const prefix = `/api/service/${name}`;
    const target = new URL(request.originalUrl.slice(prefix.length), base);
    const headers = new Headers();
    for (const header of REQUEST_HEADERS) {
      const value = request.headers[header];
      if (typeof value === 'string') headers.set(header, value);
    }
    const hasBody = !['GET', 'HEAD'].includes(request.method);
    if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
    let answer: globalThis.Response;
    try {
      answer = await fetch(target, {
        method: request.method,
        headers,
        // Express has parsed the JSON body already; the service parses and validates it again.
        ...(hasBody ? { body: JSON.stringify(request.body ?? {}) } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new ProblemException({
        status: 502,
        title: 'Bad Gateway',
        code: 'service_unreachable',
        detail: `The ${name} service did not answer; try again in a moment`,
      });
    }
    response.status(answer.status);
    for (const header of RESPONSE_HEADERS) {
      const value = answer.headers.get(header);
      if (value === null) continue;
      // A created record's address, as the browser must ask for it: through this same prefix.
      response.setHeader(header, header === 'location' && value.startsWith('/') ? prefix + value : value);
    }
    response.send(Buffer.from(await answer.arrayBuffer()));
  }
}

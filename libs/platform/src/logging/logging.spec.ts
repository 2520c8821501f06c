import type { Options } from 'pino-http';
import { loadEnvironment } from '../config/environment';
import { loggerParams } from './logging';

describe('request logs', () => {
  const params = loggerParams('partner-service', loadEnvironment({}, { PORT: '1', DB_SCHEMA: 'p' }, 'tool'));
  const serializeRequest = (params.pinoHttp as Options).serializers!.req as (request: object) => { url: string };

  it('never carry a token given in the query string', () => {
    const logged = serializeRequest({ id: '1', method: 'GET', url: '/api/events?x=1&access_token=eyJ.secret.sig&y=2' });
    expect(logged.url).toBe('/api/events?x=1&access_token=[redacted]&y=2');
  });

  it('keep the rest of the URL as it was', () => {
    expect(serializeRequest({ id: '1', method: 'GET', url: '/partners?q=tokyo' }).url).toBe('/partners?q=tokyo');
  });

  it('redact the authorization header and cookies', () => {
    expect((params.pinoHttp as Options).redact).toEqual(['req.headers.authorization', 'req.headers.cookie']);
  });
});

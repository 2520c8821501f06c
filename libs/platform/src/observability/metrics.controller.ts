import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles';
import { Metrics } from './metrics';

/**
 * `GET /metrics`, in Prometheus's text format, without a token: Prometheus and most scrapers cannot
 * fetch the short-lived bearer tokens every other route needs, and what is here is counts, latencies
 * and the names of routes, commands, events and topics, never partnership data (the same reasoning as
 * `/health`). Like `/health/consumers`, it is for the internal network: an ingress that publishes the
 * APIs should not route it (see the README's Operations section).
 */
@Public()
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics: requests, commands, events, outbox, consumer and projection lag' })
  @Header('Cache-Control', 'no-store')
  // Express's response and Fastify's reply both take a type and a body this way.
  async scrape(@Res() response: { type(type: string): { send(body: string): unknown } }): Promise<void> {
    const { registry } = this.metrics;
    response.type(registry.contentType).send(await registry.metrics());
  }
}

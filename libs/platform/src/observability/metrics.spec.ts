import type { StoredEvent } from '@accord/event-store';
import { readScrape } from '../../../../test/support/metrics';
import { Metrics } from './metrics';

describe('Metrics', () => {
  const scrape = async (metrics: Metrics) => readScrape(await metrics.registry.metrics());

  it('counts commands by type and outcome, conflicts and appended events, for the service', async () => {
    const metrics = new Metrics('partner-service');
    const observer = metrics.eventStoreObserver();
    observer.commandHandled?.('RegisterPartner', 'accepted', 0.004);
    observer.commandHandled?.('RegisterPartner', 'accepted', 0.006);
    observer.commandHandled?.('ArchivePartner', 'rejected', 0.001);
    observer.conflict?.('UpdatePartnerProfile', 'retried');
    observer.appended?.([{ type: 'PartnerRegistered' }, { type: 'PartnerRegistered' }] as StoredEvent[]);

    const m = await scrape(metrics);
    const service = 'partner-service';
    expect(m.value('accord_commands_total', { command: 'RegisterPartner', outcome: 'accepted', service })).toBe(2);
    expect(m.value('accord_commands_total', { command: 'ArchivePartner', outcome: 'rejected' })).toBe(1);
    expect(m.value('accord_command_duration_seconds_sum', { command: 'RegisterPartner' })).toBeCloseTo(0.01);
    expect(m.value('accord_concurrency_conflicts_total', { resolution: 'retried' })).toBe(1);
    expect(m.value('accord_events_appended_total', { event: 'PartnerRegistered' })).toBe(2);
  });

  it('times publishing from the outbox write to the acknowledgement', async () => {
    const metrics = new Metrics('agreement-service');
    metrics.published([{ topic: 'accord.agreements', createdAt: new Date(Date.now() - 2_000) }]);
    const m = await scrape(metrics);
    expect(m.value('accord_outbox_published_total', { topic: 'accord.agreements' })).toBe(1);
    expect(m.value('accord_outbox_publish_latency_seconds_sum')).toBeGreaterThanOrEqual(2);
    expect(m.value('accord_outbox_publish_latency_seconds_bucket', { le: '1' })).toBe(0);
    expect(m.value('accord_outbox_publish_latency_seconds_bucket', { le: '2.5' })).toBe(1);
  });

  it('has dead letters at 0 from the start, and counts them with the other outcomes', async () => {
    const metrics = new Metrics('project-service');
    metrics.consuming('known-agreements', ['accord.agreements']);
    const labels = { consumer: 'known-agreements', topic: 'accord.agreements' };
    expect((await scrape(metrics)).has('accord_dead_letters_total', labels)).toBe(true);

    metrics.consumed('known-agreements', 'accord.agreements', 'applied', 0.002);
    metrics.consumed('known-agreements', 'accord.agreements', 'duplicate', 0.001);
    metrics.consumed('known-agreements', 'accord.agreements', 'dead_lettered', 3);
    const m = await scrape(metrics);
    expect(m.value('accord_dead_letters_total', labels)).toBe(1);
    expect(m.value('accord_messages_consumed_total', { ...labels, outcome: 'duplicate' })).toBe(1);
    expect(m.value('accord_message_handling_seconds_count', labels)).toBe(3);
  });

  it('counts consumer crashes by who restarts them, and restarts by outcome, from 0', async () => {
    const metrics = new Metrics('project-service');
    const watcher = metrics.consumerWatcher('known-agreements');
    const consumer = { consumer: 'known-agreements' };
    const before = await scrape(metrics);
    expect(before.has('accord_consumer_crashes_total', { ...consumer, restarted: 'backoff' })).toBe(true);
    expect(before.value('accord_consumer_crashes_total', consumer)).toBe(0);

    watcher({ type: 'crashed', error: new Error('gone'), restarted: 'kafkajs' });
    watcher({ type: 'crashed', error: new Error('too large'), restarted: 'backoff' });
    watcher({ type: 'restarted', outcome: 'failed' });
    watcher({ type: 'restarted', outcome: 'running' });
    const m = await scrape(metrics);
    expect(m.value('accord_consumer_crashes_total', { ...consumer, restarted: 'kafkajs' })).toBe(1);
    expect(m.value('accord_consumer_crashes_total', { ...consumer, restarted: 'backoff' })).toBe(1);
    expect(m.value('accord_consumer_restarts_total', { ...consumer, outcome: 'failed' })).toBe(1);
    expect(m.value('accord_consumer_restarts_total', { ...consumer, outcome: 'running' })).toBe(1);
  });
});

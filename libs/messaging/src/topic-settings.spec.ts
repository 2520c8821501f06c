import { DEFAULT_TOPIC_SETTINGS, topicConfig, topicDifferences } from './topic-settings';

describe('topic settings', () => {
  it('follow the cluster when not set: three copies, two in sync, on three brokers or more', () => {
    const on = (brokers: number) => topicConfig({ topic: 'accord.partners' }, DEFAULT_TOPIC_SETTINGS, brokers);
    expect(on(1)).toMatchObject({ replicationFactor: 1, configs: { 'min.insync.replicas': '1' } });
    expect(on(2)).toMatchObject({ replicationFactor: 2, configs: { 'min.insync.replicas': '1' } });
    expect(on(3)).toMatchObject({ replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    expect(on(9)).toMatchObject({ replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
  });

  it('take what is configured, and give dead-letter topics their retention and twice the room', () => {
    const settings = { ...DEFAULT_TOPIC_SETTINGS, replicationFactor: 5, minInsyncReplicas: 3 };
    expect(topicConfig({ topic: 'accord.partners.dlq' }, settings, 5)).toEqual({
      replicationFactor: 5,
      configs: {
        'min.insync.replicas': '3',
        'retention.ms': String(90 * 24 * 3_600_000),
        'max.message.bytes': String(2 * 1_048_576),
      },
    });
    expect(topicConfig({ topic: 'accord.partners' }, settings, 5).configs['retention.ms']).toBe(
      String(30 * 24 * 3_600_000),
    );
  });

  it('name each way an existing topic differs', () => {
    const wanted = topicConfig({ topic: 'accord.projects' }, DEFAULT_TOPIC_SETTINGS, 3);
    const actual = {
      replicationFactor: 1,
      configs: [
        { configName: 'min.insync.replicas', configValue: '2' },
        { configName: 'retention.ms', configValue: '604800000' },
      ],
    };
    expect(topicDifferences(wanted, actual as never)).toEqual([
      'replication factor 1, not 3',
      `retention.ms=604800000, not ${30 * 24 * 3_600_000}`,
      'max.message.bytes=unset, not 1048576',
    ]);
    expect(topicDifferences(wanted, { replicationFactor: 3, configs: [] }).length).toBe(3);
  });
});

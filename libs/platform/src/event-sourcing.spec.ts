import { PARTNER_TOPIC_CONFIG } from '@accord/contracts';
import { loadEnvironment } from './config/environment';
import { withPartitions } from './event-sourcing';

describe('withPartitions', () => {
  it('creates the event topics with KAFKA_TOPIC_PARTITIONS partitions, whatever their config says', () => {
    const env = loadEnvironment({ KAFKA_TOPIC_PARTITIONS: '12' }, { PORT: '1', DB_SCHEMA: 'p' }, 'tool');
    expect(withPartitions([PARTNER_TOPIC_CONFIG], env)).toEqual([{ topic: 'accord.partners', numPartitions: 12 }]);
  });
});

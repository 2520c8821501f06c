import { deadLetterHeaders, deadLetterTopicOf, withoutDeadLetterHeaders } from './dead-letter';

const failure = {
  error: 'boom',
  consumer: 'project.partner-events',
  topic: 'partner.events',
  partition: 1,
  offset: '42',
  failedAt: new Date('2025-11-20T10:00:00.000Z'),
};

describe('dead letters', () => {
  it('go to <topic>.dlq', () => {
    expect(deadLetterTopicOf('partner.events')).toBe('partner.events.dlq');
  });

  it('keep the original headers and say where and why the message failed', () => {
    expect(deadLetterHeaders({ ce_id: 'm-1', ce_type: Buffer.from('x') }, failure)).toEqual({
      ce_id: 'm-1',
      ce_type: Buffer.from('x'),
      dlq_error: 'boom',
      dlq_consumer: 'project.partner-events',
      dlq_original_topic: 'partner.events',
      dlq_original_partition: '1',
      dlq_original_offset: '42',
      dlq_failed_at: '2025-11-20T10:00:00.000Z',
    });
  });

  it('describe the latest failure only, when a replayed message fails again', () => {
    const again = deadLetterHeaders({ ce_id: 'm-1', dlq_error: 'old', dlq_original_offset: '1' }, failure);
    expect(again.dlq_error).toBe('boom');
    expect(again.dlq_original_offset).toBe('42');
  });

  it('cut a long error short', () => {
    const headers = deadLetterHeaders({}, { ...failure, error: 'x'.repeat(5_000) });
    expect(String(headers.dlq_error)).toHaveLength(1_000);
  });

  it('give back the original headers for a replay', () => {
    const headers = deadLetterHeaders({ ce_id: 'm-1', traceparent: '00-abc' }, failure);
    expect(withoutDeadLetterHeaders(headers)).toEqual({ ce_id: 'm-1', traceparent: '00-abc' });
  });
});

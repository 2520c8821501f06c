import { partitionLag } from './consumer-lag';

jest.setTimeout(5_000);

describe('partitionLag', () => {
  it('counts the messages between the commit and the end', () => {
    expect(partitionLag('t', 0, 7, 0, 10)).toEqual({
      topic: 't',
      partition: 0,
      committedOffset: 7,
      endOffset: 10,
      lag: 3,
    });
  });

  it('counts from the earliest kept message for a group that never committed (-1)', () => {
    expect(partitionLag('t', 1, -1, 4, 10)).toMatchObject({ committedOffset: null, lag: 6 });
    expect(partitionLag('t', 1, -1, 0, 0)).toMatchObject({ committedOffset: null, lag: 0 });
  });

  it('counts from the earliest kept message when retention removed the committed one', () => {
    expect(partitionLag('t', 0, 2, 5, 9)).toMatchObject({ committedOffset: 2, lag: 4 });
  });

  it('never goes below zero', () => {
    expect(partitionLag('t', 0, 12, 0, 10).lag).toBe(0);
  });
});

import { consoleLogger, silentLogger } from './consumer-logger';

jest.setTimeout(5_000);

describe('consoleLogger', () => {
  const spies = {
    debug: jest.spyOn(console, 'debug'),
    log: jest.spyOn(console, 'log'),
    warn: jest.spyOn(console, 'warn'),
    error: jest.spyOn(console, 'error'),
  };
  beforeEach(() => Object.values(spies).forEach((spy) => spy.mockReset().mockImplementation(() => undefined)));
  afterAll(() => Object.values(spies).forEach((spy) => spy.mockRestore()));

  const logAll = (level?: string) => {
    const logger = consoleLogger('Consumer g', level);
    logger.debug('d');
    logger.log('l');
    logger.warn('w');
    logger.error('e');
  };
  const written = () => Object.values(spies).flatMap((spy) => spy.mock.calls.map(([line]) => String(line)));

  it('writes each line with its context, from the level given up', () => {
    logAll('warn');
    expect(written()).toEqual(['[Consumer g] w', '[Consumer g] e']);
    expect(spies.warn).toHaveBeenCalledWith('[Consumer g] w');
    expect(spies.error).toHaveBeenCalledWith('[Consumer g] e');
  });

  it('writes debug lines at debug (and trace)', () => {
    logAll('trace');
    expect(written()).toEqual(['[Consumer g] d', '[Consumer g] l', '[Consumer g] w', '[Consumer g] e']);
  });

  it('takes an unknown level for info, and writes nothing when silent', () => {
    logAll('loud');
    expect(written()).toEqual(['[Consumer g] l', '[Consumer g] w', '[Consumer g] e']);
    Object.values(spies).forEach((spy) => spy.mockClear());
    logAll('silent');
    expect(written()).toEqual([]);
  });

  it('follows LOG_LEVEL when no level is given', () => {
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'error';
    try {
      logAll();
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
    expect(written()).toEqual(['[Consumer g] e']);
  });

  it('has a silent counterpart', () => {
    silentLogger.error('e');
    expect(written()).toEqual([]);
  });
});

/**
 * What the consumer logs through: Nest's `Logger` fits as it is (libs/platform passes one, so the
 * lines go to the service's logger), and anything else with these four methods does.
 */
export interface ConsumerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** pino's level names, as LOG_LEVEL takes them; each level logs what is at it or above. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * The default: lines on the console, `[context] message`, from `level` up (default LOG_LEVEL, or
 * info; an unknown name counts as info).
 */
export function consoleLogger(context: string, level = process.env.LOG_LEVEL ?? 'info'): ConsumerLogger {
  const found = LEVELS.indexOf(level as (typeof LEVELS)[number]);
  const threshold = found < 0 ? LEVELS.indexOf('info') : found;
  const at =
    (name: (typeof LEVELS)[number], write: (line: string) => void) =>
    (message: string): void => {
      if (LEVELS.indexOf(name) >= threshold) write(`[${context}] ${message}`);
    };
  return {
    debug: at('debug', (line) => console.debug(line)),
    log: at('info', (line) => console.log(line)),
    warn: at('warn', (line) => console.warn(line)),
    error: at('error', (line) => console.error(line)),
  };
}

/** Logs nothing (tests that expect failures). */
export const silentLogger: ConsumerLogger = { log: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

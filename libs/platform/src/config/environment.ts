// class-transformer's @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';

/**
 * Every setting a service reads, from environment variables only (twelve-factor; secrets never in
 * files). Defaults fit a developer's machine running `npm start`; the README's configuration table
 * mirrors this class, and a test checks docker-compose.yml passes the same names.
 */
export class ServiceEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://accord:accord@127.0.0.1:54329/accord';

  /** The address the HTTP server binds; 0.0.0.0 for containers, 127.0.0.1 to stay private. */
  @IsString()
  @IsNotEmpty()
  HOST = '0.0.0.0';

  /**
   * Browser origins allowed to call the API (comma-separated, e.g. https://accord.example.com);
   * none by default: only same-origin pages (the dashboard) and non-browser clients.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean)
      : value,
  )
  @Matches(/^https?:\/\/[\w.-]+(:\d+)?$/, {
    each: true,
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://accord.example.com',
  })
  CORS_ORIGINS: string[] = [];

  /** Writes (POST, PATCH, PUT, DELETE) one client may send per minute; reads are not limited. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  WRITE_RATE_LIMIT_PER_MINUTE = 1_000;

  /**
   * Bearer tokens are verified with exactly one of: a shared secret (HS256, at least 32 characters;
   * the default set-up, where `npm run token` mints with the same secret), an identity provider's
   * public key (PEM; `\n` escapes allowed for one-line variables), or a JWKS file of its keys.
   */
  @ValidateIf((env: ServiceEnvironment) => env.AUTH_JWT_SECRET !== '')
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (256 bits)' })
  AUTH_JWT_SECRET = '';

  @ValidateIf((env: ServiceEnvironment) => env.AUTH_PUBLIC_KEY !== '')
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'AUTH_PUBLIC_KEY must be a PEM public key (BEGIN PUBLIC KEY)' })
  AUTH_PUBLIC_KEY = '';

  @ValidateIf((env: ServiceEnvironment) => env.AUTH_JWKS_FILE !== '')
  @IsReadableJwks()
  AUTH_JWKS_FILE = '';

  /** The `iss` every token must carry: the identity provider's issuer URL in production. */
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER = 'accord';

  /** The `aud` every token must carry: the identifier the identity provider gives the Accord API. */
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE = 'accord';

  /** The Postgres schema this service owns; no other service writes to it. */
  @IsString()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DB_SCHEMA must be a lower-case SQL identifier' })
  DB_SCHEMA!: string;

  /** Comma-separated host:port list. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean)
      : value,
  )
  @IsNotEmpty({ message: 'KAFKA_BROKERS must name at least one host:port' })
  @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated host:port list' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  /** TLS to the brokers: `true` on a managed cluster (certificates from the system's store). */
  @IsIn(['true', 'false'])
  KAFKA_SSL = 'false';

  /** SASL authentication to the brokers; empty for none (the local broker on loopback). */
  @IsIn(['', 'plain', 'scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM = '';

  @ValidateIf((env: ServiceEnvironment) => env.KAFKA_SASL_MECHANISM !== '')
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_USERNAME = '';

  /** A secret: give it through the environment (or the orchestrator's secret store), never a file. */
  @ValidateIf((env: ServiceEnvironment) => env.KAFKA_SASL_MECHANISM !== '')
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_PASSWORD = '';

  /**
   * Consumer group ids are `<prefix>.<service>.<consumer>`. Every instance of one deployment shares
   * them (Kafka splits the partitions between instances); another deployment reading the same
   * topics (a staging copy, a test run) needs a prefix of its own.
   */
  @Matches(/^[a-zA-Z0-9._-]{1,100}$/, {
    message: 'KAFKA_GROUP_PREFIX may hold letters, digits, dots, dashes and underscores',
  })
  KAFKA_GROUP_PREFIX = 'accord';

  /**
   * Partitions of the event topics (`accord.partners`, ...) when a service creates them: the most
   * instances of a service that can share its consumers' work (each partition is read by one
   * instance at a time). Existing topics keep theirs.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  KAFKA_TOPIC_PARTITIONS = 6;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** How often time-based rules run (agreements coming into force or expiring, overdue obligations). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  SCHEDULER_INTERVAL_MS = 60_000;

  /** How long SIGTERM waits for in-flight requests and disconnects before the process exits anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}

export const ENVIRONMENT_VARIABLES: readonly (keyof ServiceEnvironment)[] = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DB_SCHEMA',
  'KAFKA_BROKERS',
  'KAFKA_GROUP_PREFIX',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'LOG_LEVEL',
  'SHUTDOWN_TIMEOUT_MS',
  'SCHEDULER_INTERVAL_MS',
  'CORS_ORIGINS',
  'WRITE_RATE_LIMIT_PER_MINUTE',
  'AUTH_JWT_SECRET',
  'AUTH_PUBLIC_KEY',
  'AUTH_JWKS_FILE',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
];

/** A JWKS file (`{"keys": [...]}`) that the service can read: checked at start, not at the first request. */
function IsReadableJwks() {
  return ValidateBy({
    name: 'isReadableJwks',
    validator: {
      validate: (path: unknown) => {
        try {
          const jwks = JSON.parse(readFileSync(String(path), 'utf8')) as { keys?: unknown };
          return Array.isArray(jwks.keys) && jwks.keys.length > 0;
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'AUTH_JWKS_FILE must be a readable JSON file with a non-empty "keys" array',
    },
  });
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment, failing with one line per bad variable rather than letting a
 * typo surface later as a connection error. `defaults` holds the service's own defaults (its port
 * and schema); the environment wins over them. A `tool` (a rebuild, a benchmark: no HTTP routes to
 * protect) may run without a way to verify tokens; a `service` may not.
 */
export function loadEnvironment(
  env: NodeJS.ProcessEnv,
  defaults: Partial<Record<keyof ServiceEnvironment, string>>,
  purpose: 'service' | 'tool' = 'service',
): ServiceEnvironment {
  const raw: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLES) {
    // An empty variable means "not set": `PORT= npm start` falls back to the default.
    const value = env[name] || defaults[name];
    if (value) raw[name] = value;
  }
  const config = plainToInstance(ServiceEnvironment, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.map((error) => describe(error, raw[error.property]));
  const keys = [config.AUTH_JWT_SECRET, config.AUTH_PUBLIC_KEY, config.AUTH_JWKS_FILE].filter(Boolean).length;
  // Security by default: a service never starts with its routes open.
  if (keys > 1 || (keys === 0 && purpose === 'service')) {
    problems.push(
      `AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_FILE: set exactly one, to verify bearer tokens (${keys} set)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describe(error: ValidationError, given: string | undefined): string {
  const messages = Object.values(error.constraints ?? {});
  // The URL may carry a password, and a password is a password: never echo them into logs.
  const secret = error.property === 'DATABASE_URL' || /PASSWORD|SECRET/.test(error.property);
  const shown = secret ? '(hidden)' : JSON.stringify(given ?? '');
  return `${error.property}=${shown}: ${messages.join('; ')}`;
}

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
import { providerUrlProblem } from '../auth/provider-url';
import { ROLES } from '../auth/roles';
import { parseRoleMap } from '../auth/roles-claim';

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
   * Bearer tokens come from one or both of two issuers. Accord's own (machine tokens, `npm run token`)
   * are verified with at most one of: a shared secret (HS256, at least 32 characters; the default
   * set-up, where `npm run token` mints with the same secret), a public key (PEM; `\n` escapes allowed
   * for one-line variables), or a JWKS file. The company's identity provider is OIDC_ISSUER below.
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

  /**
   * The issuer URL of the company's OpenID provider, exactly as its tokens' `iss` says (Auth0's ends
   * in `/`); empty for none. Its keys come from AUTH_JWKS_URL, or else from its discovery document.
   */
  @ValidateIf((env: ServiceEnvironment) => env.OIDC_ISSUER !== '')
  @IsProviderUrl()
  OIDC_ISSUER = '';

  /** The provider's JWKS address, when it is not (or should not be taken from) the discovery document. */
  @ValidateIf((env: ServiceEnvironment) => env.AUTH_JWKS_URL !== '')
  @IsProviderUrl()
  AUTH_JWKS_URL = '';

  /**
   * The claim of the provider's tokens that holds roles or groups: a name, or a dot path such as
   * Keycloak's `realm_access.roles`; a claim named with dots (`https://accord.example.com/roles`) is
   * found as it is.
   */
  @Matches(/^[^\s.]+(\.[^\s.]+)*$/, {
    message: 'AUTH_ROLES_CLAIM must be a claim name or a dot path such as realm_access.roles',
  })
  AUTH_ROLES_CLAIM = 'roles';

  /**
   * `external=accord_role` pairs, comma-separated (`Accord-Legal=legal,accord-managers=alliance_manager`):
   * which of the provider's values grant which Accord role. Empty: values named like Accord's roles.
   */
  @IsRoleMap()
  AUTH_ROLE_MAP = '';

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

  /**
   * How the topics a service creates are replicated: copies of each partition, and how many must
   * have a write before it counts. 0 follows the cluster: 3 and 2 on three brokers or more, 1 and 1
   * on a single development broker.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  KAFKA_TOPIC_REPLICATION_FACTOR = 0;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  KAFKA_TOPIC_MIN_INSYNC_REPLICAS = 0;

  /** How long the event topics keep messages: how long a consumer may be away and still catch up. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  KAFKA_TOPIC_RETENTION_HOURS = 720;

  /** Dead-letter topics are kept longer: an operator has to look at each message. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  KAFKA_DLQ_RETENTION_HOURS = 2160;

  /** The largest message an event topic takes (dead-letter topics take twice as much). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  KAFKA_TOPIC_MAX_MESSAGE_BYTES = 1_048_576;

  /**
   * Bounds on every wait of a service's Postgres connections (0: none), so that nothing hangs on a
   * lock, a runaway query or a transaction left open: the longest one statement may run (migrations
   * included: one that rewrites a large table sets its own), ...
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 60_000;

  /** ... the longest one statement waits for a lock (a row, a table, the append or migration lock), ... */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_LOCK_TIMEOUT_MS = 10_000;

  /** ... and the longest a transaction may sit idle before Postgres ends its session. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /**
   * TCP keepalive on the connections, both ways: after this long without traffic the peer is probed
   * (every 10 s, 3 times), and a connection to a host that is gone is closed instead of waited on.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DB_KEEPALIVE_IDLE_SECONDS = 30;

  /**
   * How soon another instance's relay takes over publishing from one that died or whose connection
   * was cut without a word (no FIN, no RST): the relay lock is a lease renewed every third of this.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  OUTBOX_RELAY_LEASE_MS = 6_000;

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
  'DB_STATEMENT_TIMEOUT_MS',
  'DB_LOCK_TIMEOUT_MS',
  'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'DB_KEEPALIVE_IDLE_SECONDS',
  'OUTBOX_RELAY_LEASE_MS',
  'KAFKA_BROKERS',
  'KAFKA_GROUP_PREFIX',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_TOPIC_REPLICATION_FACTOR',
  'KAFKA_TOPIC_MIN_INSYNC_REPLICAS',
  'KAFKA_TOPIC_RETENTION_HOURS',
  'KAFKA_DLQ_RETENTION_HOURS',
  'KAFKA_TOPIC_MAX_MESSAGE_BYTES',
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
  'OIDC_ISSUER',
  'AUTH_JWKS_URL',
  'AUTH_ROLES_CLAIM',
  'AUTH_ROLE_MAP',
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

/** An identity provider's address: https, or http on loopback only (see providerUrlProblem). */
function IsProviderUrl() {
  return ValidateBy({
    name: 'isProviderUrl',
    validator: {
      validate: (url: unknown) => typeof url === 'string' && providerUrlProblem(url) === undefined,
      defaultMessage: (args) => `${args?.property} ${providerUrlProblem(String(args?.value))}`,
    },
  });
}

/** Checked at start: a typo in a role name would otherwise quietly grant nobody anything. */
function IsRoleMap() {
  return ValidateBy({
    name: 'isRoleMap',
    validator: {
      validate: (text: unknown) => typeof text === 'string' && parseRoleMap(text).problems.length === 0,
      defaultMessage: (args) =>
        `AUTH_ROLE_MAP must be comma-separated external=role pairs, each role one of ${ROLES.join(', ')}: ${parseRoleMap(String(args?.value)).problems.join('; ')}`,
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
  problems.push(...trustAnchorProblems(config, purpose));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Tokens are trusted from Accord's own issuer (one local key), the identity provider, or both; a
 * token's `iss` picks which verifies it, so the two issuers must differ.
 */
function trustAnchorProblems(config: ServiceEnvironment, purpose: 'service' | 'tool'): string[] {
  const keys = [config.AUTH_JWT_SECRET, config.AUTH_PUBLIC_KEY, config.AUTH_JWKS_FILE].filter(Boolean).length;
  const provider = config.OIDC_ISSUER !== '';
  const problems: string[] = [];
  if (keys > 1) {
    problems.push(
      `AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_FILE: set at most one, to verify Accord's own tokens (${keys} set)`,
    );
  }
  // Security by default: a service never starts with its routes open.
  if (keys === 0 && !provider && purpose === 'service') {
    problems.push(
      "AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_FILE, OIDC_ISSUER: set one of the first three (Accord's own tokens), OIDC_ISSUER (your identity provider), or both, to verify bearer tokens (none set)",
    );
  }
  if (config.AUTH_JWKS_URL !== '' && !provider) {
    problems.push("AUTH_JWKS_URL: the identity provider's keys need its issuer too (set OIDC_ISSUER)");
  }
  if (keys > 0 && provider && config.OIDC_ISSUER === config.AUTH_ISSUER) {
    problems.push(
      "AUTH_ISSUER, OIDC_ISSUER: must differ, since a token's iss picks which of the two verifies it (drop the local key to trust only the provider)",
    );
  }
  return problems;
}

function describe(error: ValidationError, given: string | undefined): string {
  const messages = Object.values(error.constraints ?? {});
  // The URL may carry a password, and a password is a password: never echo them into logs.
  const secret = error.property === 'DATABASE_URL' || /PASSWORD|SECRET/.test(error.property);
  const shown = secret ? '(hidden)' : JSON.stringify(given ?? '');
  return `${error.property}=${shown}: ${messages.join('; ')}`;
}

import { ConfigError, loadEnvironment } from './environment';

const defaults = { PORT: '3001', DB_SCHEMA: 'partner' };
/** Every environment below verifies tokens with a shared secret, unless the test is about that. */
const secret = { AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-32-chars' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadEnvironment({ ...secret, ...env }, defaults);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnvironment', () => {
  it('fills every setting from the service defaults when the environment is empty', () => {
    expect(loadEnvironment(secret, defaults)).toMatchObject({
      PORT: 3001,
      HOST: '0.0.0.0',
      DB_SCHEMA: 'partner',
      DATABASE_URL: 'postgres://accord:accord@127.0.0.1:54329/accord',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      SCHEDULER_INTERVAL_MS: 60_000,
      CORS_ORIGINS: [],
      KAFKA_SSL: 'false',
      KAFKA_SASL_MECHANISM: '',
      KAFKA_TOPIC_PARTITIONS: 6,
      WRITE_RATE_LIMIT_PER_MINUTE: 1_000,
      AUTH_ISSUER: 'accord',
      AUTH_AUDIENCE: 'accord',
    });
  });

  it('bounds Postgres waits by default, and takes 0 for none but no negative or fractional bound', () => {
    expect(loadEnvironment(secret, defaults)).toMatchObject({
      DB_STATEMENT_TIMEOUT_MS: 60_000,
      DB_LOCK_TIMEOUT_MS: 10_000,
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 60_000,
      DB_KEEPALIVE_IDLE_SECONDS: 30,
      OUTBOX_RELAY_LEASE_MS: 6_000,
    });
    expect(loadEnvironment({ ...secret, DB_LOCK_TIMEOUT_MS: '0' }, defaults).DB_LOCK_TIMEOUT_MS).toBe(0);
    expect(
      problemsOf({
        DB_STATEMENT_TIMEOUT_MS: '-1',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1.5',
        DB_KEEPALIVE_IDLE_SECONDS: '0',
        OUTBOX_RELAY_LEASE_MS: '500',
      }).map((problem) => problem.split('=')[0]),
    ).toEqual([
      'DB_STATEMENT_TIMEOUT_MS',
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      'DB_KEEPALIVE_IDLE_SECONDS',
      'OUTBOX_RELAY_LEASE_MS',
    ]);
  });

  it('lets the environment override defaults, and parses numbers and broker lists', () => {
    const env = loadEnvironment(
      {
        ...secret,
        PORT: '4000',
        KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
        SHUTDOWN_TIMEOUT_MS: '500',
        DB_SCHEMA: 'p2',
      },
      defaults,
    );
    expect(env).toMatchObject({
      PORT: 4000,
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092'],
      SHUTDOWN_TIMEOUT_MS: 500,
    });
    expect(env.DB_SCHEMA).toBe('p2');
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnvironment({ ...secret, PORT: '', LOG_LEVEL: '' }, defaults)).toMatchObject({
      PORT: 3001,
      LOG_LEVEL: 'info',
    });
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      KAFKA_BROKERS: 'localhost',
      LOG_LEVEL: 'loud',
      DB_SCHEMA: 'Drop Table',
    });
    expect(problems.map((problem) => problem.split('=')[0]).sort()).toEqual([
      'DB_SCHEMA',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PORT',
    ]);
    expect(problems.find((problem) => problem.startsWith('PORT='))).toContain('"eighty"');
  });

  it('needs credentials with a SASL mechanism, and never shows the password', () => {
    const problems = problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: '' });
    expect(problems).toEqual([
      expect.stringMatching(/^KAFKA_SASL_USERNAME=/),
      expect.stringMatching(/^KAFKA_SASL_PASSWORD=\(hidden\)/),
    ]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'kerberos', KAFKA_SASL_PASSWORD: 'p4ss' }).join()).not.toContain('p4ss');
    expect(
      loadEnvironment(
        { ...secret, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
        defaults,
      ),
    ).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
    });
  });

  it('rejects an out-of-range port', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT=/);
  });

  it('takes a partition count for new topics, at least one', () => {
    expect(loadEnvironment({ ...secret, KAFKA_TOPIC_PARTITIONS: '12' }, defaults).KAFKA_TOPIC_PARTITIONS).toBe(12);
    expect(problemsOf({ KAFKA_TOPIC_PARTITIONS: '0' })[0]).toMatch(/^KAFKA_TOPIC_PARTITIONS="0"/);
  });

  it('never echoes the database URL, which may hold a password', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://admin:s3cret@db/accord' });
    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL=\(hidden\): /)]);
    expect(problems.join()).not.toContain('s3cret');
  });

  it('refuses to start with no way to verify tokens, or with two local keys', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: '' })).toEqual([
      expect.stringMatching(/^AUTH_JWT_SECRET, AUTH_PUBLIC_KEY, AUTH_JWKS_FILE, OIDC_ISSUER: .*\(none set\)$/),
    ]);
    const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
    expect(problemsOf({ AUTH_PUBLIC_KEY: pem })).toEqual([expect.stringContaining('set at most one')]);
    expect(problemsOf({ AUTH_PUBLIC_KEY: pem })).toEqual([expect.stringContaining('(2 set)')]);
  });

  it('lets a tool run without any way to verify tokens', () => {
    expect(() => loadEnvironment({}, defaults, 'tool')).not.toThrow();
  });

  describe('with an identity provider', () => {
    const provider = { AUTH_JWT_SECRET: '', OIDC_ISSUER: 'https://login.example.com/realms/accord' };

    it('trusts the provider alone, or beside the local key, with roles read from `roles` by default', () => {
      expect(loadEnvironment(provider, defaults)).toMatchObject({
        OIDC_ISSUER: provider.OIDC_ISSUER,
        AUTH_JWKS_URL: '',
        AUTH_ROLES_CLAIM: 'roles',
        AUTH_ROLE_MAP: '',
      });
      expect(loadEnvironment({ ...secret, OIDC_ISSUER: provider.OIDC_ISSUER }, defaults).AUTH_JWT_SECRET).toBe(
        secret.AUTH_JWT_SECRET,
      );
    });

    it.each([
      ['http://idp.example.com', /must use https/],
      ['ftp://idp.example.com', /must be an http\(s\) URL/],
      ['login.example.com', /must be an http\(s\) URL/],
    ])('wants https for %s', (url, message) => {
      expect(problemsOf({ ...provider, OIDC_ISSUER: url })).toEqual([expect.stringMatching(message)]);
      expect(problemsOf({ ...provider, AUTH_JWKS_URL: url })).toEqual([
        expect.stringMatching(new RegExp(`^AUTH_JWKS_URL=.*${message.source}`)),
      ]);
    });

    it.each(['http://localhost:4400', 'http://127.0.0.1:4400/oidc', 'http://[::1]:4400'])(
      'allows plain http on loopback: %s',
      (url) => {
        expect(
          loadEnvironment({ ...provider, OIDC_ISSUER: url, AUTH_JWKS_URL: `${url}/jwks` }, defaults),
        ).toMatchObject({ OIDC_ISSUER: url });
      },
    );

    it('wants the issuer with a JWKS URL, and two different issuers', () => {
      expect(problemsOf({ AUTH_JWKS_URL: 'https://login.example.com/jwks' })).toEqual([
        expect.stringMatching(/^AUTH_JWKS_URL: .*set OIDC_ISSUER/),
      ]);
      expect(
        problemsOf({ OIDC_ISSUER: 'https://login.example.com', AUTH_ISSUER: 'https://login.example.com' }),
      ).toEqual([expect.stringMatching(/^AUTH_ISSUER, OIDC_ISSUER: must differ/)]);
    });

    it('checks the role map at start, naming each bad pair', () => {
      expect(
        loadEnvironment(
          { ...provider, AUTH_ROLE_MAP: 'Accord-Legal=legal, accord-managers=alliance_manager' },
          defaults,
        ).AUTH_ROLE_MAP,
      ).toBe('Accord-Legal=legal, accord-managers=alliance_manager');
      const problems = problemsOf({ ...provider, AUTH_ROLE_MAP: 'Accord-Legal=lawyer,accord-managers' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^AUTH_ROLE_MAP=.*each role one of viewer, alliance_manager, legal, admin/);
      expect(problems[0]).toContain('"Accord-Legal=lawyer" maps to "lawyer", which is not an Accord role');
      expect(problems[0]).toContain('"accord-managers" is not external=role');
    });

    it('wants a claim name or dot path', () => {
      expect(loadEnvironment({ ...provider, AUTH_ROLES_CLAIM: 'realm_access.roles' }, defaults).AUTH_ROLES_CLAIM).toBe(
        'realm_access.roles',
      );
      expect(problemsOf({ ...provider, AUTH_ROLES_CLAIM: 'realm_access..roles' })).toEqual([
        expect.stringMatching(/^AUTH_ROLES_CLAIM=/),
      ]);
    });
  });

  it('wants a long shared secret, and never shows it', () => {
    const problems = problemsOf({ AUTH_JWT_SECRET: 'short-secret' });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET=\(hidden\): .*at least 32 characters/)]);
    expect(problems.join()).not.toContain('short-secret');
  });

  it('checks the JWKS file at start', () => {
    expect(problemsOf({ AUTH_JWT_SECRET: '', AUTH_JWKS_FILE: '/nonexistent/jwks.json' })).toEqual([
      expect.stringMatching(/^AUTH_JWKS_FILE="\/nonexistent\/jwks.json": .*non-empty "keys" array/),
    ]);
  });
});

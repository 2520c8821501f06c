/**
 * Integration tests talk to real servers: booting a service, a round trip through Kafka or a
 * rebuild takes seconds on a busy two-core machine, longer than jest's default 5 s. A test or hook
 * that needs more says so itself.
 */
jest.setTimeout(30_000);

// Integration tests print only what matters: warnings and errors from the services under test.
process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

import { Logger } from '@nestjs/common';

// Integration tests print only what matters: warnings and errors from the services under test.
process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

// Code under test that logs before an app installs its JSON logger (a data source opened directly,
// say) uses Nest's default logger: keep it to the same levels.
Logger.overrideLogger(['error', 'warn']);

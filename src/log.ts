// Structured JSON logs. At info level only ids, verbs and outcomes: never message text or
// card fields, which may carry patient data.
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'INSTANCE_ID'>, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { app: 'avvikelseboten', instance: config.INSTANCE_ID },
      redact: { paths: ['text', '*.text', 'value', '*.value', 'data', '*.data'], censor: '[bortfiltrerat]' },
    },
    destination ?? process.stdout,
  );
}

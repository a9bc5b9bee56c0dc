// Process entry: start the bot, stop gracefully on SIGTERM/SIGINT (stop taking activities,
// finish writes, exit). A configuration or store problem stops it with a clear message.
import { startBot } from './bot.js';

try {
  const bot = await startBot();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.log.info({ signal }, 'shutting down');
    await bot.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  process.stderr.write(`Avvikelseboten startade inte: ${(err as Error).message}\n`);
  process.exit(1);
}

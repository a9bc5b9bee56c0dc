// Composition root: config → log → reference data → store → roles → capabilities → Teams edge
// → HTTP server. Tests start the real bot through startBot() on a random port.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isAnonymous, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { CardRenderer } from './core/cards.js';
import { offsetClock, systemClock, type Clock } from './core/clock.js';
import { loadReference } from './core/refdata.js';
import { Directory, loadRolesFile } from './core/roles.js';
import { openStore, type Stores } from './store/index.js';
import { ConversationRegistry } from './conversations/registry.js';
import { conversationsCapability } from './conversations/handlers.js';
import { helpCapability } from './help/handlers.js';
import { adminCapability } from './admin/handlers.js';
import { reportingCapability } from './reporting/handlers.js';
import { casesCapability } from './cases/handlers.js';
import { createAdapter } from './teams/adapter.js';
import { createApplication } from './teams/app.js';
import { edgeProcessor } from './teams/edge.js';
import { ProactiveNotifier } from './teams/proactive.js';
import { createServer } from './server.js';
import { loadPolicy } from './reminders/policy.js';
import { ReminderService } from './reminders/service.js';
import { remindersCapability } from './reminders/handlers.js';
import { loadCatalogue } from './indicators/model.js';
import { IndicatorService } from './indicators/service.js';
import { indicatorsCapability } from './indicators/handlers.js';
import { statisticsCapability } from './statistics/handlers.js';
import { RetentionJob } from './statistics/retention.js';
import { Downloads } from './statistics/downloads.js';

export interface RunningBot {
  url: string;
  config: Config;
  stores: Stores;
  log: Logger;
  reminders: ReminderService;
  retention: RetentionJob;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logDestination?: NodeJS.WritableStream;
}

export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const log = createLogger(config, options.logDestination);
  const clock = options.clock ?? (config.FAKE_NOW ? offsetClock(new Date(config.FAKE_NOW)) : systemClock);

  const [reference, cards, roles, stores, policy, catalogue] = await Promise.all([
    loadReference(config.REFERENCE_DIR),
    CardRenderer.load(config.CARDS_DIR),
    loadRolesFile(config.ROLES_FILE),
    openStore(config.DATA_DIR),
    loadPolicy(config.REFERENCE_DIR),
    loadCatalogue(config.REFERENCE_DIR),
  ]);
  if (roles.missing) log.warn({ file: config.ROLES_FILE }, 'roles file missing: every user is medarbetare');
  if (isAnonymous(config)) log.error('ANONYMOUS: BOT_ID is not set and ALLOW_ANONYMOUS=true: every request is accepted unsigned. Listening on 127.0.0.1 only; never run like this with real data.');

  const directory = new Directory(roles.roles, stores.grants);
  const registry = new ConversationRegistry(stores.conversations, stores.profiles);
  const adapter = createAdapter(config, log);
  const notifier = new ProactiveNotifier(adapter, config.BOT_ID ?? '', registry, clock, log, policy.delivery);

  const common = { reference, cards, stores, clock, directory, registry };
  let port = config.PORT;
  const downloads = new Downloads(() => config.PUBLIC_URL ?? `http://localhost:${port}`);
  const help = helpCapability(common);
  const reminders = new ReminderService(common, notifier, policy, log);
  const app = createApplication({
    capabilities: [help, reportingCapability(common), casesCapability(common), remindersCapability(common, reminders), indicatorsCapability(common, new IndicatorService(common, catalogue)), statisticsCapability(common, downloads), conversationsCapability(common), adminCapability(common)],
    directory,
    registry,
    notifier,
    clock,
    log,
    welcome: help.welcome,
    fallback: help.fallback,
  });
  const processActivity = edgeProcessor({
    adapter,
    logic: (context) => app.run(context).then(() => undefined),
    policy: { allowedTenants: config.ALLOWED_TENANTS, teamsOnly: config.NODE_ENV !== 'development' },
    log,
  });
  const http = createServer({ processActivity, healthy: stores.healthy, download: (t) => downloads.take(t), log });

  // Anonymous means unauthenticated: reachable from this machine only.
  const host = isAnonymous(config) ? '127.0.0.1' : '0.0.0.0';
  await new Promise<void>((resolve) => http.server.listen(config.PORT, host, resolve));
  port = (http.server.address() as AddressInfo).port;
  if (config.REMINDER_SWEEP_SECONDS > 0) reminders.start(config.REMINDER_SWEEP_SECONDS * 1000);
  const retention = new RetentionJob(common, config.RETENTION_YEARS, log);
  if (config.REMINDER_SWEEP_SECONDS > 0) retention.start();
  log.info({ port, host, anonymous: isAnonymous(config) }, 'listening');

  return {
    url: `http://127.0.0.1:${port}`,
    config,
    stores,
    log,
    reminders,
    retention,
    async stop() {
      retention.stop();
      await reminders.stop();
      await http.drain();
      http.server.close();
      await stores.close();
    },
  };
}

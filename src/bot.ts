// Composition root: config → log → reference data → store → roles → capabilities → Teams edge
// → HTTP server. Tests start the real bot through startBot() on a random port.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isAnonymous, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { AuditService } from './core/audit.js';
import { CardRenderer } from './core/cards.js';
import { offsetClock, systemClock, type Clock } from './core/clock.js';
import { declared, type CapabilityDeps } from './deps.js';
import { Organisations } from './core/organisations.js';
import { loadReference } from './core/refdata.js';
import { Directory, loadRolesFile, providerGroups, type GroupRoles } from './core/roles.js';
import { loadGroupMapping } from './core/groups.js';
import { syncRegister } from './admin/register.js';
import type { Capability, Route } from './core/turn.js';
import { openConfiguredStore, type Stores } from './collections.js';
import { VERBS } from './verbs.js';
import { ConversationRegistry } from './conversations/registry.js';
import { Profiles } from './conversations/profiles.js';
import { conversationsCapability } from './conversations/routes.js';
import { helpCapability } from './help/routes.js';
import { ADMIN_STORES, adminCapability } from './admin/routes.js';
import { languageCapability } from './language/routes.js';
import { chosenLocale } from './language/language.js';
import { REPORTING_STORES, reportingCapability } from './reporting/routes.js';
import { CASE_STORES, casesCapability } from './cases/routes.js';
import { ANSWER_STORES, answersCapability } from './answers/routes.js';
import { ANALYSIS_STORES, analysesCapability } from './analyses/routes.js';
import { RETENTION_STORES, RetentionJob } from './cases/retention.js';
import { createAdapter } from './teams/adapter.js';
import { createApplication } from './teams/app.js';
import { edgeProcessor } from './teams/edge.js';
import { EntraGroups, GraphClient, groupsBeforeTurn } from './teams/graph.js';
import { uploads } from './teams/files.js';
import { ProactiveNotifier } from './teams/proactive.js';
import { RateLimiter } from './core/limiter.js';
import { createServer } from './server.js';
import { channelKeyRoot } from './teams/activity.js';
import { loadPolicy } from './reminders/policy.js';
import { REMINDER_STORES, ReminderService } from './reminders/service.js';
import { remindersCapability } from './reminders/routes.js';
import { loadCatalogue, type Catalogue } from './indicators/model.js';
import { IndicatorService } from './indicators/service.js';
import { INDICATOR_STORES, indicatorsCapability } from './indicators/routes.js';
import { STATISTICS_STORES, statisticsCapability } from './statistics/routes.js';

export interface RunningBot {
  url: string;
  config: Config;
  stores: Stores;
  log: Logger;
  audit: AuditService;
  reminders: ReminderService;
  retention: RetentionJob;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logDestination?: NodeJS.WritableStream;
}

/** What every capability is built from, loaded and validated at start. */
async function foundation(config: Config, log: Logger, clock: Clock) {
  const [reference, cards, roles, stores, policy, catalogue] = await Promise.all([
    loadReference(config.REFERENCE_DIR),
    CardRenderer.load(config.CARDS_DIR, VERBS),
    loadRolesFile(config.ROLES_FILE),
    openConfiguredStore(config, log, clock.now()),
    loadPolicy(config.REFERENCE_DIR),
    loadCatalogue(config.REFERENCE_DIR),
  ]);
  if (config.ALLOWED_TENANTS?.length) log.info({ tenants: config.ALLOWED_TENANTS }, 'admitting tenants');
  else if (config.NODE_ENV === 'production') log.warn('admitting every tenant (ALLOW_ALL_TENANTS=true)');
  if (roles.missing) log.warn({ file: config.ROLES_FILE }, 'roles file missing: every user is medarbetare');
  // The region's register, once imported, in place of the shipped catalogue.
  syncRegister(reference, stores.register);
  const entra = await entraGroups(config, reference.register.all, stores, clock, log);
  const profiles = new Profiles(stores.profiles);
  const deps: CapabilityDeps = {
    reference,
    organisations: new Organisations(reference),
    cards,
    stores,
    clock,
    directory: new Directory(roles.roles, stores.grants, reference.register.derived(providerGroups), entra),
    registry: new ConversationRegistry(stores.conversations, profiles),
    profiles,
    audit: new AuditService(stores.audit),
  };
  return { deps, stores, policy, catalogue };
}

/** Roles from Entra ID groups when ENTRA_GROUPS_FILE names a mapping (checked here: a mistake stops the start). */
async function entraGroups(
  config: Config,
  providers: readonly { id: string }[],
  stores: Stores,
  clock: Clock,
  log: Logger,
): Promise<GroupRoles | undefined> {
  if (!config.ENTRA_GROUPS_FILE) return undefined;
  const mapping = await loadGroupMapping(config.ENTRA_GROUPS_FILE, new Set(providers.map((p) => p.id)), config.ALLOWED_TENANTS);
  log.info({ file: config.ENTRA_GROUPS_FILE, tenants: Object.keys(mapping.tenants) }, 'roles from entra groups');
  return new EntraGroups({
    mapping,
    memberships: stores.memberships,
    graph: new GraphClient({
      clientId: config.GRAPH_CLIENT_ID!,
      clientSecret: config.GRAPH_CLIENT_SECRET!,
      graphUrl: config.GRAPH_URL,
      loginUrl: config.GRAPH_LOGIN_URL,
    }),
    clock,
    log,
    refreshMs: config.ENTRA_GROUPS_REFRESH_MINUTES * 60_000,
    maxAgeMs: config.ENTRA_GROUPS_MAX_AGE_HOURS * 3_600_000,
  });
}

/**
 * The capabilities, in the order their command words are matched (help last), each given only
 * the collections it declares.
 */
export function capabilitiesOf(deps: CapabilityDeps, reminders: ReminderService, catalogue: Catalogue) {
  let routes: readonly Route[] = [];
  const help = helpCapability({ cards: deps.cards, routes: () => routes });
  const indicators = declared(deps, INDICATOR_STORES);
  const capabilities: Capability[] = [
    reportingCapability(declared(deps, REPORTING_STORES)),
    casesCapability(declared(deps, CASE_STORES)),
    answersCapability(declared(deps, ANSWER_STORES)),
    analysesCapability(declared(deps, ANALYSIS_STORES)),
    remindersCapability(deps, reminders),
    indicatorsCapability(indicators, new IndicatorService(indicators, catalogue)),
    statisticsCapability(declared(deps, STATISTICS_STORES)),
    conversationsCapability(deps),
    adminCapability(declared(deps, ADMIN_STORES)),
    languageCapability(deps),
    help,
  ];
  routes = capabilities.flatMap((c) => c.routes);
  return { capabilities, help };
}

/** The Teams side: the application over the capabilities, behind the edge's checks. */
function teamsEdge(
  config: Config,
  deps: CapabilityDeps,
  { capabilities, help }: ReturnType<typeof capabilitiesOf>,
  adapter: ReturnType<typeof createAdapter>,
  notifier: ProactiveNotifier,
  clock: Clock,
  log: Logger,
) {
  const localeOf = chosenLocale(deps.profiles, config.DEFAULT_LOCALE);
  const readGroups = groupsBeforeTurn(deps.directory, localeOf);
  const { app, shed } = createApplication({
    capabilities,
    directory: deps.directory,
    registry: deps.registry,
    audit: deps.audit,
    notifier,
    uploads: uploads(config.FILE_UPLOAD_HOSTS, config.NODE_ENV !== 'production'),
    clock,
    log,
    localeOf,
    welcome: help.welcome,
    fallback: help.fallback,
  });
  return edgeProcessor({
    adapter,
    // On a shared database, first catch up with what the other instances wrote (a no-op on lowdb).
    logic: async (context) => {
      await deps.stores.sync();
      syncRegister(deps.reference, deps.stores.register);
      await readGroups(context);
      await app.run(context);
    },
    shed,
    policy: { allowedTenants: config.ALLOWED_TENANTS, teamsOnly: config.NODE_ENV !== 'development' },
    log,
  });
}

export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const log = createLogger(config, options.logDestination);
  const clock = options.clock ?? (config.FAKE_NOW ? offsetClock(new Date(config.FAKE_NOW)) : systemClock);
  if (isAnonymous(config))
    log.error(
      'ANONYMOUS: BOT_ID is not set and ALLOW_ANONYMOUS=true: every request is accepted unsigned. Listening on 127.0.0.1 only; never run like this with real data.',
    );

  const { deps, stores, policy, catalogue } = await foundation(config, log, clock);
  // Channel threads were kept as places of their own before issue 34.6: one place per channel.
  const folded = await deps.registry.foldInto(channelKeyRoot, clock.now());
  if (folded) log.info({ folded }, 'channel threads folded into their channels');
  const adapter = createAdapter(config, log);
  const limiter = new RateLimiter(undefined, [{ max: config.PROACTIVE_PER_SECOND, ms: 1_000 }]);
  const notifier = new ProactiveNotifier(adapter, config.BOT_ID ?? '', deps.registry, clock, log, policy.delivery, limiter);
  const reminders = new ReminderService(declared(deps, REMINDER_STORES), notifier, policy, log);
  const processActivity = teamsEdge(config, deps, capabilitiesOf(deps, reminders, catalogue), adapter, notifier, clock, log);
  const http = createServer({ processActivity, healthy: stores.healthy, log });

  // Anonymous means unauthenticated: reachable from this machine only.
  const host = isAnonymous(config) ? '127.0.0.1' : '0.0.0.0';
  await new Promise<void>((resolve) => http.server.listen(config.PORT, host, resolve));
  const port = (http.server.address() as AddressInfo).port;
  const retention = new RetentionJob(declared(deps, RETENTION_STORES), config.RETENTION_YEARS, log);
  if (config.REMINDER_SWEEP_SECONDS > 0) {
    reminders.start(config.REMINDER_SWEEP_SECONDS * 1000);
    retention.start();
  }
  log.info({ port, host, anonymous: isAnonymous(config) }, 'listening');

  return {
    url: `http://127.0.0.1:${port}`,
    config,
    stores,
    log,
    audit: deps.audit,
    reminders,
    retention,
    async stop() {
      retention.stop();
      await reminders.stop();
      await http.drain();
      http.server.close();
      await deps.audit.flush();
      await stores.close();
    },
  };
}

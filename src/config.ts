// Every environment variable the bot reads, parsed once at start. A bad value stops the
// bot with a message naming the variable, so misconfiguration never surfaces mid-turn.
import { hostname } from 'node:os';
import { z } from 'zod/v4';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));

/** Every variable, parsed; the checks between them follow in ConfigSchema. */
const Variables = z.object({
  // Production unless told otherwise: a bare `npm start` must not run anonymous.
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  BOT_ID: optionalNonEmpty,
  BOT_PASSWORD: optionalNonEmpty,
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BOT_TENANT_ID: optionalNonEmpty,
  /** Without BOT_ID: accept unsigned requests on 127.0.0.1 (the dev command and tests). */
  ALLOW_ANONYMOUS: z
    .string()
    .optional()
    .transform((s) => s?.trim() === 'true'),
  /** The Entra ID tenants whose activities are admitted; production requires it (or the next). */
  ALLOWED_TENANTS: csv.optional(),
  /** Production without a tenant list, on purpose: every tenant that can reach the app is admitted. */
  ALLOW_ALL_TENANTS: z
    .string()
    .optional()
    .transform((s) => s?.trim() === 'true'),
  DATA_DIR: z.string().min(1).default('./data/store'),
  REFERENCE_DIR: z.string().min(1).default('./data/reference'),
  CARDS_DIR: z.string().min(1).default('./cards'),
  ROLES_FILE: z.string().min(1).default('./data/roles.json'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The language of users who never chose one (`språk`/`language`); the client's locale decides nothing. */
  DEFAULT_LOCALE: z.enum(['sv', 'en']).default('sv'),
  /**
   * Hosts Teams may name as the upload address of a file the user accepted (their OneDrive).
   * Host names or parent domains; outside production plain http is allowed too (tests).
   */
  FILE_UPLOAD_HOSTS: csv.default(['sharepoint.com', 'sharepoint.us', 'sharepoint.de', 'sharepoint.cn', 'sharepoint-mil.us']),
  FAKE_NOW: z.iso.datetime({ offset: true }).optional(),
  /** Closed cases older than this are anonymised (the region decides; default 10 years). */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(10),
  /** How often due reminders are looked for; 0 turns the timer off (tests sweep by hand). */
  REMINDER_SWEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * Proactive messages per second for the whole app in the tenant (Teams allows 50; the
   * reminder sweep runs in one instance at a time, so one instance's budget is the tenant's).
   */
  PROACTIVE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(50),
  /** lowdb: JSON files under DATA_DIR, one process. postgres: DATABASE_URL, any number of instances. */
  STORE: z.enum(['lowdb', 'postgres']).default('lowdb'),
  DATABASE_URL: optionalNonEmpty,
  PG_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
  PG_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  PG_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** How long a start waits for a database that does not answer yet (a restart, a deploy order). */
  PG_START_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Roles and organisations from Entra ID groups (data/entra-groups.example.json): which group
   * of which tenant gives which role for which providers. Unset: the roles file alone.
   */
  ENTRA_GROUPS_FILE: optionalNonEmpty,
  /** The app registration that reads memberships from Graph (default: the bot's own). */
  GRAPH_CLIENT_ID: optionalNonEmpty,
  GRAPH_CLIENT_SECRET: optionalNonEmpty,
  /** Graph and the token endpoint; changed only for sovereign clouds and tests. */
  GRAPH_URL: z.url().default('https://graph.microsoft.com'),
  GRAPH_LOGIN_URL: z.url().default('https://login.microsoftonline.com'),
  /** A user's groups are read again on their first turn after this many minutes (and on `roller`). */
  ENTRA_GROUPS_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Groups read longer ago than this give no role while Graph cannot be reached. */
  ENTRA_GROUPS_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** This instance's name in logs and in the database's connection list. */
  INSTANCE_ID: z.string().min(1).max(100).default(`${hostname()}-${process.pid}`),
});

const ConfigSchema = Variables.transform((c) => ({
  // A single-tenant app admits its own tenant unless a list says otherwise.
  ...(c.BOT_TYPE === 'SingleTenant' && !c.ALLOWED_TENANTS?.length && c.BOT_TENANT_ID ? { ...c, ALLOWED_TENANTS: [c.BOT_TENANT_ID] } : c),
  GRAPH_CLIENT_ID: c.GRAPH_CLIENT_ID ?? c.BOT_ID,
  GRAPH_CLIENT_SECRET: c.GRAPH_CLIENT_SECRET ?? c.BOT_PASSWORD,
})).superRefine((c, ctx) => {
  if (c.ENTRA_GROUPS_FILE && (!c.GRAPH_CLIENT_ID || !c.GRAPH_CLIENT_SECRET)) {
    ctx.addIssue({
      code: 'custom',
      path: ['GRAPH_CLIENT_SECRET'],
      message:
        'krävs med ENTRA_GROUPS_FILE: appens id och hemlighet (BOT_ID och BOT_PASSWORD, eller GRAPH_CLIENT_ID och GRAPH_CLIENT_SECRET) läser grupperna i Graph',
    });
  }
  for (const key of ['GRAPH_URL', 'GRAPH_LOGIN_URL'] as const)
    if (c.NODE_ENV === 'production' && !c[key].startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: [key], message: 'ska vara en https-adress när NODE_ENV=production' });
  if (!c.BOT_ID && !c.ALLOW_ANONYMOUS) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_ID'],
      message:
        'krävs: utan BOT_ID tar boten emot osignerade anrop. För lokal körning utan Teams, sätt ALLOW_ANONYMOUS=true (npm run dev gör det)',
    });
  }
  if (c.NODE_ENV === 'production' && c.ALLOW_ANONYMOUS) {
    ctx.addIssue({ code: 'custom', path: ['ALLOW_ANONYMOUS'], message: 'får inte användas när NODE_ENV=production' });
  }
  if (c.BOT_ID && c.BOT_TYPE !== 'UserAssignedMSI' && !c.BOT_PASSWORD) {
    ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: `krävs när BOT_ID är satt och BOT_TYPE=${c.BOT_TYPE}` });
  }
  if (c.BOT_TYPE === 'SingleTenant' && c.BOT_ID && !c.BOT_TENANT_ID) {
    ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: 'krävs när BOT_TYPE=SingleTenant' });
  }
  if (c.STORE === 'postgres' && c.DATABASE_URL && !isPostgresUrl(c.DATABASE_URL)) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: `ska vara en PostgreSQL-adress, t.ex. postgres://user@host:5432/avvikelseboten (fick ${shownUrl(c.DATABASE_URL)})`,
    });
  }
  if (c.STORE === 'postgres' && !c.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'krävs när STORE=postgres, t.ex. postgres://user@host:5432/avvikelseboten',
    });
  }
  if (c.NODE_ENV === 'production' && !c.ALLOWED_TENANTS?.length && !c.ALLOW_ALL_TENANTS && c.BOT_TYPE !== 'SingleTenant') {
    ctx.addIssue({
      code: 'custom',
      path: ['ALLOWED_TENANTS'],
      message:
        'krävs när NODE_ENV=production: de Entra ID-klienter (tenant-id, kommaseparerade) vars användare boten tar emot. Sätt ALLOW_ALL_TENANTS=true bara om alla klienter ska släppas in',
    });
  }
  if (c.NODE_ENV === 'production' && c.FAKE_NOW) {
    ctx.addIssue({ code: 'custom', path: ['FAKE_NOW'], message: 'får inte användas när NODE_ENV=production' });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

/** A postgres:// or postgresql:// URL with a host (or a socket folder in ?host=). */
function isPostgresUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}

/** A database address as it may be shown or logged: scheme, host and port, never a password. */
export function shownUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '”en text som inte är en adress”';
  }
}

/** Anonymous: no app id, so no request is authenticated; only ever on the loopback interface. */
export const isAnonymous = (c: Pick<Config, 'BOT_ID'>): boolean => !c.BOT_ID;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, schema: z.ZodType<Config> = ConfigSchema): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
  throw new ConfigError(`Ogiltig konfiguration (invalid configuration):\n${lines.join('\n')}`);
}

/** For the command-line tools (import, export, seed): the folders, no bot credentials. */
export const loadToolConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(env, Variables);

// Every environment variable the bot reads, parsed once at start. A bad value stops the
// bot with a message naming the variable, so misconfiguration never surfaces mid-turn.
import { z } from 'zod/v4';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() !== '' ? s.trim() : undefined));

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    BOT_ID: optionalNonEmpty,
    BOT_PASSWORD: optionalNonEmpty,
    BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    BOT_TENANT_ID: optionalNonEmpty,
    ALLOWED_TENANTS: csv.optional(),
    DATA_DIR: z.string().min(1).default('./data/store'),
    REFERENCE_DIR: z.string().min(1).default('./data/reference'),
    CARDS_DIR: z.string().min(1).default('./cards'),
    ROLES_FILE: z.string().min(1).default('./data/roles.json'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Where users' browsers reach this bot, for download links (exports, reports). */
    PUBLIC_URL: z.url().optional(),
    FAKE_NOW: z.iso.datetime({ offset: true }).optional(),
    /** How often due reminders are looked for; 0 turns the timer off (tests sweep by hand). */
    /** Closed cases older than this are anonymised (the region decides; default 10 years). */
    RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(10),
    REMINDER_SWEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.BOT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message:
          'krävs när NODE_ENV=production: utan BOT_ID tar boten emot osignerade anrop (endast för lokal körning)',
      });
    }
    if (c.BOT_ID && c.BOT_TYPE !== 'UserAssignedMSI' && !c.BOT_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: `krävs när BOT_ID är satt och BOT_TYPE=${c.BOT_TYPE}` });
    }
    if (c.BOT_TYPE === 'SingleTenant' && c.BOT_ID && !c.BOT_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: 'krävs när BOT_TYPE=SingleTenant' });
    }
    if (c.NODE_ENV === 'production' && c.FAKE_NOW) {
      ctx.addIssue({ code: 'custom', path: ['FAKE_NOW'], message: 'får inte användas när NODE_ENV=production' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
  throw new ConfigError(`Ogiltig konfiguration (invalid configuration):\n${lines.join('\n')}`);
}

// CloudAdapter with the bot's credentials. The edge authenticates each request itself (so a
// refusal is a 401, an unreachable key source a 503, and neither carries internal text), then
// hands the authenticated activity to the adapter's pipeline. Without BOT_ID it runs anonymous,
// which config.ts allows only when asked for, outside production. Outbound clients are reused
// across turns (connectors.ts).
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { localeOf, t } from '../core/i18n/index.js';
import { ReusingAuthentication } from './connectors.js';

const USER_AGENT = 'avvikelseboten';

/** Why a request was not authenticated: the caller's fault (401) or ours to retry (503). */
export class NotAuthenticated extends Error {
  constructor(
    readonly status: 401 | 503,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function unreachable(err: unknown): boolean {
  const e = err as { statusCode?: number; cause?: { code?: string }; message?: string };
  if (err instanceof AuthenticationError) return (e.statusCode ?? 401) >= 500;
  return /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(`${e.message ?? ''} ${e.cause?.code ?? ''}`);
}

export class EdgeAdapter extends CloudAdapter {
  constructor(private readonly authentication: ReusingAuthentication) {
    super(authentication);
  }

  /** Authenticates the inbound request; throws NotAuthenticated (never the SDK's own error). */
  async authenticate(activity: Activity, authorization: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.authentication.authenticateRequest(activity, authorization);
    } catch (err) {
      throw new NotAuthenticated(unreachable(err) ? 503 : 401, (err as Error)?.name ?? 'error');
    }
  }

  /** Runs an authenticated activity through the pipeline; the invoke response, if any. */
  run(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export function createAdapter(config: Config, log: Logger): EdgeAdapter {
  const settings = {
    MicrosoftAppId: config.BOT_ID,
    MicrosoftAppPassword: config.BOT_PASSWORD,
    MicrosoftAppType: config.BOT_TYPE,
    MicrosoftAppTenantId: config.BOT_TENANT_ID,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication({}, credentials, undefined, undefined, { userAgent: USER_AGENT });
  const adapter = new EdgeAdapter(new ReusingAuthentication(auth));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: { name: error.name, message: error.message, stack: error.stack }, activityId: context.activity.id }, 'turn failed');
    try {
      await context.sendActivity(t(localeOf(context.activity.locale), 'error.generic'));
    } catch {
      // The conversation may be gone; the error is logged above.
    }
  };
  return adapter;
}

// CloudAdapter with the bot's credentials. The edge authenticates each request itself (so a
// refusal is a 401, an unreachable key source a 503, and neither carries internal text), then
// hands the authenticated activity to the adapter's pipeline. Without BOT_ID it runs anonymous,
// which config.ts allows only when asked for, outside production. Outbound clients are reused
// across turns (connectors.ts).
import {
  ActivityTypes,
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
import { invokeMessageBody } from './replies.js';
import { isStoreUnavailable } from '../store/contract.js';

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
    // The store away (a restart, an outage) is the operator's to see, not a fault of the code.
    const away = isStoreUnavailable(error);
    const err = { name: error.name, message: error.message, stack: error.stack };
    if (away) log.warn({ err, activityId: context.activity.id }, 'turn failed: the store is unavailable');
    else log.error({ err, activityId: context.activity.id }, 'turn failed');
    const text = t(localeOf(context.activity.locale), away ? 'error.storeUnavailable' : 'error.generic');
    try {
      // An invoke's own status says what happened (botbuilder's default, 501, reads "not implemented").
      if (context.activity.type === ActivityTypes.Invoke)
        await context.sendActivity({ type: 'invokeResponse', value: { status: away ? 503 : 500, body: invokeMessageBody(text) } });
      else await context.sendActivity(text);
    } catch {
      // The conversation may be gone; the error is logged above.
    }
  };
  return adapter;
}

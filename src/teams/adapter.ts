// CloudAdapter (as teams-ai's TeamsAdapter) with the bot's credentials. With BOT_ID set it
// validates every inbound JWT and answers unsigned requests 401; without BOT_ID it runs
// anonymous, which config.ts allows only outside production.
import { ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { localeOf, t } from '../core/i18n/index.js';

export function createAdapter(config: Config, log: Logger): TeamsAdapter {
  const settings = {
    MicrosoftAppId: config.BOT_ID,
    MicrosoftAppPassword: config.BOT_PASSWORD,
    MicrosoftAppType: config.BOT_TYPE,
    MicrosoftAppTenantId: config.BOT_TENANT_ID,
  };
  const adapter = new TeamsAdapter({}, new ConfigurationServiceClientCredentialFactory(settings));
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

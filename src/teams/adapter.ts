// CloudAdapter with the bot's credentials. With BOT_ID set it validates every inbound JWT and
// answers unsigned requests 401; without BOT_ID it runs anonymous, which config.ts allows only
// outside production. Outbound clients are reused across turns (connectors.ts).
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { localeOf, t } from '../core/i18n/index.js';
import { ReusingAuthentication } from './connectors.js';

const USER_AGENT = 'avvikelseboten';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.BOT_ID,
    MicrosoftAppPassword: config.BOT_PASSWORD,
    MicrosoftAppType: config.BOT_TYPE,
    MicrosoftAppTenantId: config.BOT_TENANT_ID,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = new ConfigurationBotFrameworkAuthentication({}, credentials, undefined, undefined, { userAgent: USER_AGENT });
  const adapter = new CloudAdapter(new ReusingAuthentication(auth));
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

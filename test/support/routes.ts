// The bot's route table as the tests generated from it read it: every capability's routes, built
// on a unit store (nothing runs), in the order the edge matches them.
import { pino } from 'pino';
import { capabilitiesOf } from '../../src/bot.js';
import type { CommandRoute, Route, VerbRoute } from '../../src/core/turn.js';
import { loadCatalogue } from '../../src/indicators/model.js';
import { loadPolicy } from '../../src/reminders/policy.js';
import { ReminderService } from '../../src/reminders/service.js';
import { unitDeps } from './unit.js';

export async function routeTable(): Promise<Route[]> {
  const deps = await unitDeps();
  const reminders = new ReminderService(
    deps,
    { deliver: async () => 'sent' },
    await loadPolicy('data/reference'),
    pino({ level: 'silent' }),
  );
  return capabilitiesOf(deps, reminders, await loadCatalogue('data/reference')).capabilities.flatMap((c) => c.routes);
}

export const isCommand = (r: Route): r is CommandRoute => r.kind === 'command';
export const isCommandOrVerb = (r: Route): r is CommandRoute | VerbRoute => r.kind !== 'file';

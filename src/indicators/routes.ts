// Indicators: read by anyone, a channel's organisation and follows set in team channels, values
// registered and imported by admins.
import type { CapabilityDeps, Collection } from '../deps.js';
import { CHANNEL_STEWARDS } from '../core/roles.js';
import type { Capability, Route } from '../core/turn.js';
import type { IndicatorDeps } from './cards.js';
import { bindOrganisation, chooseIndicators, followIndicator, saveChosenIndicators } from './channel.js';
import type { IndicatorService } from './service.js';
import { listAllIndicators, listIndicators, listIndicatorsPage, showIndicator, showIndicatorVerb } from './show.js';
import { importCsv, openTargetForm, registerValue, saveTarget, saveValue, setTargetCommand } from './values.js';
import { INDICATOR_VERBS as V } from './verbs.js';

/** The collections indicators read and write: values, targets, the channels' follows; cases for the indicators computed from them. */
export const INDICATOR_STORES = ['indicatorValues', 'indicatorTargets', 'follows', 'cases'] as const satisfies readonly Collection[];

export function indicatorsCapability(deps: CapabilityDeps<(typeof INDICATOR_STORES)[number]>, service: IndicatorService): Capability {
  const d: IndicatorDeps = { ...deps, service };
  // The channel's routes first: `indikatorer välj` must match before `indikatorer`.
  return { name: 'indicators', routes: [...channelRoutes(d), ...readingRoutes(d), ...adminRoutes(d)] };
}

/** The channel's own settings: set by its stewards, in the channel (every member reads them). */
function channelRoutes(d: IndicatorDeps): Route[] {
  const steward = { where: 'team', requires: CHANNEL_STEWARDS, denied: 'guard.channelSettings' } as const;
  return [
    {
      kind: 'command',
      name: 'choose-indicators',
      words: ['indikatorer välj', 'välj indikatorer', 'choose indicators'],
      ...steward,
      handler: chooseIndicators(d),
      help: { command: 'help.cmd.chooseIndicators', description: 'help.desc.chooseIndicators' },
    },
    { kind: 'verb', verb: V.choose, ...steward, handler: chooseIndicators(d) },
    { kind: 'verb', verb: V.chooseSave, ...steward, handler: saveChosenIndicators(d) },
    {
      kind: 'command',
      name: 'organisation',
      words: ['organisation', 'organization'],
      ...steward,
      handler: bindOrganisation(d),
      help: { command: 'help.cmd.organisation', description: 'help.desc.organisation' },
    },
    {
      kind: 'command',
      name: 'follow',
      words: ['följ indikator', 'follow indicator', 'följ', 'follow'],
      ...steward,
      handler: followIndicator(d),
      help: { command: 'help.cmd.follow', description: 'help.desc.follow' },
    },
    { kind: 'verb', verb: V.follow, ...steward, handler: followIndicator(d) },
  ];
}

/** What anyone may read: indicators are public figures. */
function readingRoutes(d: IndicatorDeps): Route[] {
  return [
    {
      kind: 'command',
      name: 'indicators',
      words: ['indikatorer', 'indicators'],
      handler: listIndicators(d),
      help: { command: 'help.cmd.indicators', description: 'help.desc.indicators' },
    },
    { kind: 'verb', verb: V.all, handler: listAllIndicators(d) },
    { kind: 'verb', verb: V.page, handler: listIndicatorsPage(d) },
    {
      kind: 'command',
      name: 'indicator',
      words: ['indikator', 'indicator'],
      handler: showIndicator(d),
      help: { command: 'help.cmd.indicator', description: 'help.desc.indicator' },
    },
    { kind: 'verb', verb: V.show, handler: showIndicatorVerb(d) },
  ];
}

/** Values and targets: the region's admins, audited. */
function adminRoutes(d: IndicatorDeps): Route[] {
  const admin = { requires: ['admin'], denied: 'indicator.importNotAllowed' } as const;
  return [
    {
      kind: 'command',
      name: 'import',
      words: ['importera indikatorer', 'import indicators'],
      ...admin,
      // CSV lines pasted in the message: as much as a Teams message holds (about 28 KB).
      maxArgs: 28_000,
      handler: importCsv(d),
      help: { command: 'help.cmd.import', description: 'help.desc.import' },
    },
    {
      kind: 'command',
      name: 'register',
      words: ['registrera värde', 'register value'],
      ...admin,
      handler: registerValue(d),
      help: { command: 'help.cmd.register', description: 'help.desc.register' },
    },
    { kind: 'verb', verb: V.save, ...admin, handler: saveValue(d) },
    {
      kind: 'command',
      name: 'set-target',
      words: ['sätt mål', 'set target'],
      ...admin,
      handler: setTargetCommand(d),
      help: { command: 'help.cmd.setTarget', description: 'help.desc.setTarget' },
    },
    { kind: 'verb', verb: V.targetForm, ...admin, handler: openTargetForm(d) },
    { kind: 'verb', verb: V.target, ...admin, handler: saveTarget(d) },
  ];
}

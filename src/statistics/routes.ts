// Statistics, the board report, the meeting summary and exports as files.
import type { CapabilityDeps, Collection } from '../deps.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import type { Capability } from '../core/turn.js';
import { exportCommand, produceAudit, produceBoardReport, produceCases, produceDelregionalReport, sendReportFile } from './exports.js';
import { delregionalCard } from './delregional.js';
import { meetingSummary } from './meeting.js';
import { boardReportCard, statisticsCard } from './reports.js';
import { STATISTICS_FILES, STATISTICS_VERBS } from './verbs.js';

/** The collections statistics read, none written: cases, their answers, the lights. */
export const STATISTICS_STORES = ['cases', 'answers', 'lights'] as const satisfies readonly Collection[];

export function statisticsCapability(deps: CapabilityDeps<(typeof STATISTICS_STORES)[number]>): Capability {
  const team = { requires: FOLLOW_UP_TEAM, denied: 'export.notAllowed' } as const;
  return {
    name: 'statistics',
    routes: [
      {
        kind: 'command',
        name: 'export',
        words: ['exportera', 'export'],
        ...team,
        handler: exportCommand(deps),
        help: { command: 'help.cmd.export', description: 'help.desc.export' },
      },
      {
        kind: 'command',
        name: 'statistics',
        words: ['statistik', 'statistics'],
        handler: statisticsCard(deps),
        help: { command: 'help.cmd.statistics', description: 'help.desc.statistics' },
      },
      {
        kind: 'command',
        name: 'board-report',
        words: ['årsrapport', 'annual report'],
        handler: boardReportCard(deps),
        help: { command: 'help.cmd.boardReport', description: 'help.desc.boardReport' },
      },
      {
        kind: 'command',
        name: 'meeting',
        words: ['mötesunderlag', 'meeting summary'],
        handler: meetingSummary(deps),
        help: { command: 'help.cmd.meeting', description: 'help.desc.meeting' },
      },
      {
        kind: 'command',
        name: 'delregional-report',
        words: ['delregional rapport', 'subregional report'],
        handler: delregionalCard(deps),
        help: { command: 'help.cmd.delregional', description: 'help.desc.delregional' },
      },
      { kind: 'verb', verb: STATISTICS_VERBS.sendFile, handler: sendReportFile(deps) },
      { kind: 'file', file: STATISTICS_FILES.cases, ...team, produce: produceCases(deps) },
      { kind: 'file', file: STATISTICS_FILES.audit, ...team, produce: produceAudit(deps) },
      { kind: 'file', file: STATISTICS_FILES.boardReport, produce: produceBoardReport(deps) },
      { kind: 'file', file: STATISTICS_FILES.delregional, produce: produceDelregionalReport(deps) },
    ],
  };
}

// `importera vårdgivare` (admin): the region's provider register replaces the shipped catalogue
// (issue 31.2). Kept in the store, so every instance and every restart reads the same register;
// a provider that leaves it stays known as retired, so its cases keep their receiver's name.
import type { CapabilityDeps } from '../deps.js';
import { todayOf } from '../core/clock.js';
import { translator } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import { newCard, say } from '../core/reply.js';
import type { Handler } from '../core/turn.js';
import { ConflictError, type RecordStore } from '../store/contract.js';
import type { RegisterRecord } from './model.js';
import { mergeRegister, parseRegister } from './registerCsv.js';

type RegisterDeps = Pick<CapabilityDeps, 'reference' | 'cards' | 'audit'> & { stores: { register: RecordStore<RegisterRecord> } };

/** At most this many faults are listed; the rest are counted. */
const FAULTS_SHOWN = 15;

export function importRegister(deps: RegisterDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    if (!turn.args.trim()) return say(tr('register.usage'));
    const parsed = parseRegister(turn.args, deps.reference);
    if (!parsed.ok) {
      const lines = parsed.faults
        .slice(0, FAULTS_SHOWN)
        .map((f) => tr('indicator.rejectedLine', { line: f.line, reason: tr(f.reason, f.vars) }));
      const more = parsed.faults.length > FAULTS_SHOWN ? [tr('register.moreFaults', { count: parsed.faults.length - FAULTS_SHOWN })] : [];
      const card = deps.cards.render('message', {
        title: tr('register.refused', { count: parsed.faults.length }),
        text: [...lines, ...more].join('\n\n'),
        color: 'Attention',
      });
      return newCard(card);
    }
    const current = deps.stores.register.get('current');
    const change = mergeRegister(deps.reference.register.all, parsed.providers, todayOf(turn));
    let stored: RegisterRecord;
    try {
      stored = await deps.stores.register.put(
        { id: 'current', importedAt: turn.now.toISOString(), importedBy: turn.actor.userId, providers: change.providers },
        { expectedVersion: current?.version ?? 0 },
      );
    } catch (err) {
      // Another admin's import landed first (another instance): nothing of this one is kept.
      if (err instanceof ConflictError) return say(tr('register.conflict'));
      throw err;
    }
    applyRegister(deps.reference, stored);
    await deps.audit.record(turn.actor.userId, 'register.import', turn.now, {
      providers: parsed.providers.length,
      added: change.added,
      changed: change.changed,
      retired: change.retired,
    });
    const name = (id: string) => deps.reference.provider(id)?.shortName ?? id;
    const card = deps.cards.render('message', {
      title: tr('register.imported', { count: parsed.providers.length }),
      text: [
        tr('register.summary', { added: change.added.length, changed: change.changed.length, retired: change.retired.length }),
        ...(change.retired.length ? [tr('register.retiredNames', { names: change.retired.slice(0, 20).map(name).join(', ') })] : []),
      ].join('\n\n'),
      color: 'Default',
    });
    return newCard(card);
  };
}

/** Which register version this process has taken in (per reference: tests run several bots). */
const applied = new WeakMap<Reference, number>();

function applyRegister(ref: Reference, record: RegisterRecord): void {
  if (applied.get(ref) === record.version) return;
  ref.register.replace(record.providers);
  applied.set(ref, record.version);
}

/**
 * Takes in the stored register when another instance (or an earlier run) imported a newer one:
 * at start and before each turn, after the store has caught up. A read of memory, no I/O.
 */
export function syncRegister(ref: Reference, store: Pick<RecordStore<RegisterRecord>, 'get'>): void {
  const record = store.get('current');
  if (record) applyRegister(ref, record);
}

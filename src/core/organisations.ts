// The organisations a value or a summary can belong to: the county, the delregional areas and
// every care provider (municipalities too), found by what people type.
import type { Reference } from './refdata.js';
import { fold } from './text.js';

export const COUNTY = 'vgr';

type Level = 'county' | 'delregion' | 'kommun' | 'provider';

export interface Organisation {
  id: string;
  name: string;
  level: Level;
}

export class Organisations {
  /** Derived again when the register is replaced (a provider that left it keeps its name here). */
  private readonly current: () => {
    all: readonly Organisation[];
    byId: Map<string, Organisation>;
    folded: { org: Organisation; words: string[] }[];
  };

  constructor(ref: Reference) {
    this.current = ref.register.derived((providers) => {
      const all: Organisation[] = [
        { id: COUNTY, name: 'Västra Götaland', level: 'county' },
        ...ref.delregions.map((d) => ({ id: d.id, name: d.name, level: 'delregion' as const })),
        ...providers.map((p) => ({ id: p.id, name: p.name, level: p.kind === 'kommun' ? ('kommun' as const) : ('provider' as const) })),
      ];
      return {
        all,
        byId: new Map(all.map((o) => [o.id, o])),
        folded: all.map((org) => ({ org, words: [fold(org.id), fold(org.name), fold(org.name.replace(/ kommun$/, ''))] })),
      };
    });
  }

  get all(): readonly Organisation[] {
    return this.current().all;
  }

  get(id: string): Organisation | undefined {
    return this.current().byId.get(id);
  }

  name(id: string): string {
    return this.current().byId.get(id)?.name ?? id;
  }

  /** Exact matches on id or name first, else every name containing the query. */
  find(query: string): Organisation[] {
    const q = fold(query);
    if (!q) return [];
    const { folded } = this.current();
    const exact = folded.filter((o) => o.words.includes(q));
    return (exact.length ? exact : folded.filter((o) => o.words[1]!.includes(q))).map((o) => o.org);
  }
}

/** Where a turn's organisation comes from when the user names none: the channel's, their own. */
export function defaultOrganisation(
  turn: { place: { key: string }; actor: { providers: readonly string[] } },
  channelOrg: (key: string) => string | undefined,
): string {
  return channelOrg(turn.place.key) ?? turn.actor.providers.find((p) => p !== '*') ?? COUNTY;
}

// Organisations under the names the seeds and the municipalities use (issue 15, rule 9), and
// the hospital group that is the region's party: 000_… (deltagare: Göteborgs Stad, Sahlgrenska
// Universitetssjukhuset, Sjukhusen i Väster) and 001_… (Göteborgs Stad, NU-sjukvården, Södra
// Älvsborgs sjukhus, sjukhusen i väster). The municipalities' own forms: Borås Stad, Trollhättans
// stad, Mölndals stad; genitive as in Lidköpings kommun, Marks kommun, Lilla Edets kommun.
import { describe, expect, it } from 'vitest';
import { loadReference } from './refdata.js';
import { Directory, providerGroups } from './roles.js';
import { actsFor, inScope } from './scope.js';
import { MemoryRecordStore } from '../store/memory.js';

describe('organisations', async () => {
  const ref = await loadReference('data/reference');
  const name = (id: string) => ref.provider(id)?.name;

  it('are named as the seeds write them', () => {
    expect(['goteborg', 'sahlgrenska', 'sjukhusen-i-vaster', 'nu-sjukvarden', 'sodra-alvsborgs-sjukhus'].map(name)).toEqual([
      'Göteborgs Stad',
      'Sahlgrenska Universitetssjukhuset',
      'Sjukhusen i Väster',
      'NU-sjukvården',
      'Södra Älvsborgs sjukhus',
    ]);
  });

  it('are named as the municipalities name themselves, 49 of them', () => {
    expect(['boras', 'trollhattan', 'molndal', 'lidkoping', 'mark', 'lilla-edet', 'orust'].map(name)).toEqual([
      'Borås Stad',
      'Trollhättans stad',
      'Mölndals stad',
      'Lidköpings kommun',
      'Marks kommun',
      'Lilla Edets kommun',
      'Orust kommun',
    ]);
    expect(ref.providers.filter((p) => p.kind === 'kommun')).toHaveLength(49);
  });

  it('put Alingsås lasarett and Kungälvs sjukhus in Sjukhusen i Väster, and acting for the group is acting for them', () => {
    expect(providerGroups(ref.providers).get('sjukhusen-i-vaster')?.sort()).toEqual(['alingsas-lasarett', 'kungalvs-sjukhus']);
    const directory = new Directory(
      {
        users: {
          'aad-siv': { roles: ['handlaggare'], providers: ['sjukhusen-i-vaster'] },
          'aad-ale': { roles: ['handlaggare'], providers: ['alingsas-lasarett'] },
        },
      },
      new MemoryRecordStore('grants'),
      ref.register.derived(providerGroups),
    );
    const group = directory.actor('aad-siv', 'Siv');
    expect(actsFor(group, 'alingsas-lasarett')).toBe(true);
    expect(inScope(group, { receiver: 'kungalvs-sjukhus', reporterUnit: 'ale' })).toBe(true);
    expect(actsFor(group, 'sahlgrenska')).toBe(false);
    // A part does not act for the whole group or its other part.
    const part = directory.actor('aad-ale', 'Ale');
    expect([actsFor(part, 'sjukhusen-i-vaster'), actsFor(part, 'kungalvs-sjukhus'), actsFor(part, 'alingsas-lasarett')]).toEqual([
      false,
      false,
      true,
    ]);
  });
});

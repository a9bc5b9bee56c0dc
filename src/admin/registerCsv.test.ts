import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import { mergeRegister, parseRegister, type RegisterParse } from './registerCsv.js';

const HEADER = 'id;hsa-id;namn;kortnamn;typ;avtalsform;avtalsområde;delregion;kommunalförbund;del av;kommunkod;avtal från;avtal till';
let ref: Reference;
beforeEach(async () => {
  ref = await loadReference('data/reference');
});

const parse = (...rows: string[]) => parseRegister([HEADER, ...rows].join('\n'), ref);
const faults = (r: RegisterParse) => (r.ok ? [] : r.faults.map((f) => [f.line, f.reason, f.vars ?? {}]));

describe('the provider register CSV (issue 31.2)', () => {
  it('reads the shipped example: every provider of the catalogue, the example contracts, units under a provider', async () => {
    const r = parseRegister(await readFile('data/examples/vardgivarregister.exempel.csv', 'utf8'), ref);
    if (!r.ok) throw new Error(JSON.stringify(r.faults));
    const ids = new Set(r.providers.map((p) => p.id));
    for (const p of ref.providers) expect(ids.has(p.id), p.id).toBe(true);
    const rehab = r.providers.find((p) => p.id === 'exempel-rehab-uddevalla')!;
    expect(rehab).toMatchObject({
      kind: 'privat',
      contract: 'vardval-rehab',
      partOf: 'exempel-rehab',
      contractFrom: '2025-06-01',
      delregion: 'fyrbodal',
    });
    expect(r.providers.find((p) => p.id === 'exempel-ogonklinik')).toMatchObject({
      contract: 'lou',
      contractArea: 'Privata vårdgivare LOU',
    });
    expect(r.providers.find((p) => p.id === 'exempel-fysioterapeut')?.contract).toBe('lol-lof');
    expect(r.providers.find((p) => p.id === 'exempel-iop')?.contract).toBe('iop');
    expect(r.providers.every((p) => p.kind !== 'privat' || p.name.includes('exempeldata') || p.id === 'medtanken')).toBe(true);
    // The catalogue's own rows come back as they are.
    expect(r.providers.find((p) => p.id === 'boras')).toStrictEqual(ref.provider('boras'));
  });

  it('gives a provider without an id one from its name, and the id it had when the HSA-id is known', () => {
    ref.register.replace([
      ...ref.register.all,
      { id: 'capio-x', name: 'Capio X', shortName: 'Capio X', kind: 'privat', hsaId: 'SE1234567890-ABC' },
    ]);
    const r = parse(';;Ny Vårdcentral Åmål AB;;privat;LOU;;;;;;;', ';SE1234567890-ABC;Capio X nytt namn;;privat;;;;;;;;');
    if (!r.ok) throw new Error(JSON.stringify(r.faults));
    expect(r.providers.map((p) => p.id)).toEqual(['ny-vardcentral-amal-ab', 'capio-x']);
  });

  it('names each fault by its line and reads nothing of a file with one', () => {
    const r = parse(
      'ok;;Bra AB;;privat;LOU;;;;;;;', // 2: fine, yet not read
      'k;;Kommun X;;kommun;LOU;;;;;;;', // 3
      'd;;Del X;;region;;;okand;;;;;', // 4
      'f;;Förb X;;kommun;;;;okant;;;;', // 5
      'ok;;Bra igen;;privat;;;;;;;;', // 6: id of line 2
      'u;;Enhet;;privat;;;;;saknas;;;', // 7
      'v;;Enhet av enhet;;privat;;;;;u2;;;', // 8
      'u2;;Enhet 2;;privat;;;;;ok;;;', // 9
      'dt;;Datum;;privat;LOU;;;;;;2026-05-01;2026-04-01', // 10
      'p;;Anna 19121212-1212;;privat;;;;;;;;', // 11
      'a;;Avtal;;privat;hyra;;;;;;;', // 12
      'h;SE12;HSA fel;;privat;;;;;;;;', // 13
      't;;Typ fel;;bolag;;;;;;;;', // 14
    );
    expect(r.ok).toBe(false);
    expect(faults(r)).toEqual([
      [3, 'register.error.contractKind', { name: 'Kommun X' }],
      [4, 'register.error.delregion', { value: 'okand' }],
      [5, 'register.error.kommunalforbund', { value: 'okant' }],
      [6, 'register.error.duplicate', { value: 'ok', first: '2' }],
      [7, 'register.error.partOf', { value: 'saknas' }],
      [8, 'register.error.nested', { value: 'u2' }],
      [10, 'register.error.dates', { name: 'Datum' }],
      [11, 'register.error.identity', {}],
      [12, 'register.error.contract', { value: 'hyra' }],
      [13, 'register.error.field', { column: 'hsa-id', value: 'SE12' }],
      [14, 'register.error.field', { column: 'typ', value: 'bolag' }],
    ]);
  });

  it('makes an id of a name as a URL would have it, at most 60 characters', () => {
    const long = 'Vårdcentralen Å & Ö, Öckerö — en mycket lång enhetsbenämning som fortsätter långt';
    const r = parse(`;;${long};;privat;;;;;;;;`, ';;  Ale (väst) ;;privat;;;;;;;;');
    if (!r.ok) throw new Error(JSON.stringify(r.faults));
    expect(r.providers[0]!.id).toBe('vardcentralen-a-o-ockero-en-mycket-lang-enhetsbenamning-som-');
    expect(r.providers[0]!.id).toHaveLength(60);
    expect(r.providers[1]!.id).toBe('ale-vast');
  });

  it('quotes at most 40 characters of a bad value, takes a one-day contract, and refuses a unit of itself', () => {
    const long = 'x'.repeat(50);
    expect(faults(parse(`a;;A;;privat;${long};;;;;;;`))).toEqual([[2, 'register.error.contract', { value: 'x'.repeat(40) }]]);
    expect(faults(parse(`a;SE${'1'.repeat(50)};A;;privat;;;;;;;;`))).toEqual([
      [2, 'register.error.field', { column: 'hsa-id', value: `SE${'1'.repeat(38)}` }],
    ]);
    expect(parse('a;;A;;privat;LOU;;;;;;2026-05-01;2026-05-01').ok).toBe(true);
    expect(faults(parse('u;;Enhet;;privat;;;;;u;;;'))).toEqual([[2, 'register.error.partOf', { value: 'u' }]]);
  });

  it('reads the columns in any order, the first one too', () => {
    const r = parseRegister('namn;typ;id\nAle Vård;privat;ale-vard', ref);
    expect(r.ok && r.providers.map((p) => [p.id, p.name, p.kind])).toEqual([['ale-vard', 'Ale Vård', 'privat']]);
    expect(faults(parseRegister('id;annat\nx;y', ref))).toEqual([[1, 'register.error.columns', { columns: 'namn, typ' }]]);
  });

  it('wants a header with name and kind, and at least one row', () => {
    expect(faults(parseRegister('id;namn\nx;X', ref))).toEqual([[1, 'register.error.columns', { columns: 'typ' }]]);
    expect(faults(parseRegister(HEADER, ref))).toEqual([[1, 'register.error.empty', {}]]);
    expect(faults(parseRegister('# bara en kommentar\n', ref))).toEqual([[1, 'register.error.empty', {}]]);
  });

  it('a second HSA-id is a duplicate too', () => {
    expect(faults(parse('a;SE1234567890-A;A;;privat;;;;;;;;', 'b;SE1234567890-A;B;;privat;;;;;;;;'))).toEqual([
      [3, 'register.error.duplicate', { value: 'SE1234567890-A', first: '2' }],
    ]);
  });
});

describe('an import over the register before it', () => {
  const p = (id: string, extra: object = {}) => ({ id, name: id, shortName: id, kind: 'privat' as const, ...extra });

  it('counts new, changed and leaving providers; the leaving are kept, retired from today', () => {
    const before = [p('a'), p('b'), p('c'), p('gone', { retired: '2025-01-01' })];
    const change = mergeRegister(before, [p('a'), p('b', { contract: 'lou' }), p('d')], '2026-12-07');
    expect(change).toMatchObject({ added: ['d'], changed: ['b'], retired: ['c'] });
    expect(change.providers.find((x) => x.id === 'c')?.retired).toBe('2026-12-07');
    // One that left before keeps the day it left.
    expect(change.providers.find((x) => x.id === 'gone')?.retired).toBe('2025-01-01');
  });

  it('takes a provider back that returns to the register', () => {
    const change = mergeRegister([p('a', { retired: '2025-01-01' })], [p('a')], '2026-12-07');
    expect(change.providers).toEqual([p('a')]);
    expect(change).toMatchObject({ added: [], changed: ['a'], retired: [] });
  });
});

describe('the register in the reference', () => {
  it('offers the active providers, knows the retired, and says when it changed', () => {
    const generation = ref.register.generation;
    const all = ref.register.all;
    ref.register.replace([...all.filter((x) => x.id !== 'boras'), { ...ref.provider('boras')!, retired: '2026-12-01' }]);
    expect(ref.register.generation).toBe(generation + 1);
    expect(ref.providers.some((x) => x.id === 'boras')).toBe(false);
    expect(ref.provider('boras')?.name).toBe('Borås Stad');
  });
});

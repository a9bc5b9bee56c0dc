import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, channel, personal } from './support/harness.js';

const read = async (f: string) => JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown>;
const GUID = '11111111-2222-3333-4444-555555555555';

/** The toolkit fills ${{VAR}} placeholders at packaging time; do the same here. */
async function packagedManifest(): Promise<Record<string, unknown>> {
  const text = (await readFile('appPackage/manifest.json', 'utf8'))
    .replaceAll('${{TEAMS_APP_ID}}', GUID)
    .replaceAll('${{BOT_ID}}', GUID)
    .replaceAll('${{APP_NAME_SUFFIX}}', '');
  return JSON.parse(text) as Record<string, unknown>;
}

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function at(obj: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .flatMap((part) => part.split(/\[(\d+)\]/).filter(Boolean))
    .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj);
}

describe('the Teams app package', () => {
  it('validates against the manifest schema kept in the repo', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(await read('appPackage/schema/manifest.v1.19.subset.schema.json'));
    const ok = validate(await packagedManifest());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema does reject a broken manifest.
    const broken = await packagedManifest();
    (broken['name'] as Record<string, string>)['short'] = 'x'.repeat(31);
    expect(validate(broken)).toBe(false);
  });

  it('has icons of the required sizes', async () => {
    expect(pngSize(await readFile('appPackage/color.png'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(await readFile('appPackage/outline.png'))).toEqual({ width: 32, height: 32 });
  });

  it('localizes every English string onto a field that exists, within its length', async () => {
    const manifest = await packagedManifest();
    const en = await read('appPackage/en.json');
    for (const [key, value] of Object.entries(en)) {
      if (key === '$schema') continue;
      expect(at(manifest, key), key).toBeTypeOf('string');
      const limit = key.endsWith('.title')
        ? 32
        : key.endsWith('commands')
          ? 0
          : key.includes('.description') && key.startsWith('bots')
            ? 128
            : key === 'name.short'
              ? 30
              : key === 'description.short'
                ? 80
                : 4000;
      expect(String(value).length, key).toBeLessThanOrEqual(limit);
    }
  });

  describe('every command in the manifest reaches a handler', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await Harness.start({ roles: { 'aad-admin': { roles: ['handlaggare', 'admin'] } } });
    });
    afterAll(async () => h.stop());

    it('in Swedish and English, personal and team scope', async () => {
      const manifest = await packagedManifest();
      const en = await read('appPackage/en.json');
      const lists = (manifest['bots'] as Record<string, unknown>[])[0]!['commandLists'] as {
        scopes: string[];
        commands: { title: string }[];
      }[];
      for (const [i, list] of lists.entries()) {
        for (const [j, command] of list.commands.entries()) {
          for (const [title, locale] of [
            [command.title, 'sv-SE'],
            [String(en[`bots[0].commandLists[${i}].commands[${j}].title`]), 'en-US'],
          ] as const) {
            const user = { aadObjectId: 'aad-admin', name: 'Admin', locale };
            const where = list.scopes.includes('personal') ? personal(user) : channel('kanal');
            const before = h.connector.recorded.length;
            await h.say(user, where, title);
            const replies = JSON.stringify(h.connector.recorded.slice(before));
            expect(replies.length, title).toBeGreaterThan(2);
            expect(replies, title).not.toMatch(/förstod inte|did not understand/);
          }
        }
      }
    });
  });
});

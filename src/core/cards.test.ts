import { describe, expect, it } from 'vitest';
import { CardRenderer, defang, literal } from './cards.js';
import { VERBS } from '../verbs.js';

describe('user text shown literally', () => {
  it('breaks markdown links, reference links and autolinks, and nothing else', () => {
    const phishing = '[Logga in igen](https://evil.example/login)';
    expect(defang(phishing)).not.toMatch(/\]\(/);
    expect(defang(phishing)).not.toContain('https://');
    expect(defang(phishing).replace(/\u200B/g, '')).toBe(phishing);
    expect(defang('[a][1]\n[1]: http://x')).not.toMatch(/\]\[|\]:/);
    expect(defang('se www.evil.example')).not.toContain('www.');
    expect(defang('AVV-2026-00001 · 2026-11-30 05:40 · Borås (kommun)')).toBe('AVV-2026-00001 · 2026-11-30 05:40 · Borås (kommun)');
  });

  it('applies to TextBlocks and Facts, not to TextRuns or input values', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '[x](https://e.example)' },
        { type: 'FactSet', facts: [{ title: '[t](http://a)', value: '[v](http://b)' }] },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '[r](http://c)' }] },
        { type: 'Input.ChoiceSet', id: 'x', choices: [{ title: 't', value: 'http://keep' }] },
      ],
    };
    const out = JSON.stringify(literal(card));
    expect(out).not.toContain('[x](https');
    expect(out).not.toContain('[t](http');
    expect(out).not.toContain('[v](http');
    expect(out).toContain('[r](http://c)');
    expect(out).toContain('http://keep');
  });
});

describe('rendered cards', () => {
  const data = { text: 'Jag förstod inte.', buttons: [{ title: 'Hjälp', verb: VERBS.help.show, data: {} }] };

  it('are one frozen card per view, shared by every caller and never changed by one of them', async () => {
    const cards = await CardRenderer.load('cards', VERBS);
    const first = cards.render('hint', data);
    // The second caller gets the same card without a copy (a copy per turn cost more than the rest of hjälp).
    expect(cards.render('hint', { ...data })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (((first['body'] as unknown[])[0] as Record<string, unknown>)['text'] = 'ändrad')).toThrow(TypeError);
    expect(JSON.stringify(cards.render('hint', data))).toContain('Jag förstod inte.');
  });
});

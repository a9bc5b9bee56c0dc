// Renders the Adaptive Card templates in cards/ (adaptivecards-templating) with a view model a
// capability builds. Templates are read once at start; a missing template is a start error.
// Every template sees `verbs`, the capabilities' verb constants, so a verb is written once.
//
// User text is shown literally: templates put it in TextRun (RichTextBlock), where no renderer
// applies markdown; and as a safety net the renderer breaks link syntax in every TextBlock and
// Fact, so a reporter's "[Logga in igen](https://…)" can never become a live link.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deepFreeze } from './freeze.js';
import { BoundedMap } from './bounded.js';
import type { Card } from './turn.js';

// Its typings import adaptivecards' TypeScript sources: tsconfig `paths` sends that one type-only
// import to the compiled declarations (never to a runtime module, which tsx would replace).
import { Template } from 'adaptivecards-templating';

/** Rendering is pure, and expanding a template costs milliseconds: keep recent results. */
const CACHE_SIZE = 500;

export type Verbs = Record<string, Record<string, string>>;

export class CardRenderer {
  private readonly cache = new BoundedMap<string, Card>(CACHE_SIZE);
  /** Constructing a Template parses every ${…} expression in it: once per card, on first use. */
  private readonly prepared = new Map<string, Template>();
  private constructor(
    private readonly templates: Map<string, unknown>,
    readonly verbs: Verbs,
  ) {}

  static async load(dir: string, verbs: Verbs = {}): Promise<CardRenderer> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    const templates = new Map<string, unknown>();
    for (const f of files) templates.set(f.slice(0, -5), JSON.parse(await readFile(path.join(dir, f), 'utf8')));
    return new CardRenderer(templates, verbs);
  }

  private template(name: string): Template {
    let template = this.prepared.get(name);
    if (!template) {
      const payload = this.templates.get(name);
      if (!payload) throw new Error(`card template ${name} missing in cards/`);
      this.prepared.set(name, (template = new Template(payload)));
    }
    return template;
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Template names and their raw JSON (for the test that every verb has a route). */
  sources(): [string, unknown][] {
    return [...this.templates];
  }

  /**
   * The card for this view, frozen and shared: equal data gives the same object, so a turn pays
   * neither a copy nor a parse (together more than the rest of `hjälp`, npm run bench). Nothing
   * downstream changes a card; one that tried would throw.
   */
  render(name: string, data: object): Card {
    const key = `${name}\u0000${JSON.stringify(data)}`;
    let card = this.cache.get(key);
    if (card === undefined) {
      // expand() is synchronous, so one prepared template serves every render.
      const expanded = this.template(name).expand({ $root: { ...data, verbs: this.verbs } }) as Card;
      if (expanded?.type !== 'AdaptiveCard') throw new Error(`card template ${name} did not render an AdaptiveCard`);
      // literal() builds a new tree, so freezing touches nothing the template holds.
      card = deepFreeze(literal(withSubmitFallbacks(expanded)));
    } else this.cache.delete(key);
    this.cache.set(key, card);
    return card;
  }
}

type Json = Record<string, unknown>;

/**
 * Universal Actions (Action.Execute) with an Action.Submit fallback carrying the same verb and
 * data, for clients without them; added here once instead of in every template.
 */
function withSubmitFallbacks<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => withSubmitFallbacks(n)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = withSubmitFallbacks(v);
  if (out['type'] === 'Action.Execute' && out['fallback'] === undefined) {
    const { verb, data, title, style, associatedInputs } = out as {
      verb?: string;
      data?: Json;
      title?: string;
      style?: string;
      associatedInputs?: string;
    };
    out['fallback'] = { type: 'Action.Submit', title, style, associatedInputs, data: { ...(data ?? {}), verb } };
  }
  return out as T;
}

const ZWSP = '\u200B';

/** Markdown link and autolink syntax broken by an invisible space: shown, never followed. */
export function defang(text: string): string {
  return text
    .replace(/\]\s*(\(|\[|:)/g, `]${ZWSP}$1`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}

/** Every TextBlock text and Fact title and value through defang(); TextRun is literal already. */
export function literal<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => literal(n)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = literal(v);
  if (out['type'] === 'TextBlock' && typeof out['text'] === 'string') out['text'] = defang(out['text']);
  if (out['type'] === 'FactSet' && Array.isArray(out['facts'])) {
    out['facts'] = (out['facts'] as Json[]).map((f) => ({
      ...f,
      title: defang(String(f['title'] ?? '')),
      value: defang(String(f['value'] ?? '')),
    }));
  }
  return out as T;
}

// Renders the Adaptive Card templates in cards/ (adaptivecards-templating) with a view model
// a capability builds. Templates are read once at start; a missing template is a start error.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Card } from './turn.js';

// The package is CommonJS whose exports Node's ESM loader cannot see, and whose typings pull in
// adaptivecards' TypeScript sources: load it with require and type the one class we use.
type TemplateClass = new (payload: unknown) => { expand(context: { $root: unknown }): unknown };
const { Template } = createRequire(import.meta.url)('adaptivecards-templating') as { Template: TemplateClass };

/** Rendering is pure, and expanding a template costs milliseconds: keep recent results. */
const CACHE_SIZE = 500;

export class CardRenderer {
  private readonly cache = new Map<string, string>();
  /** Constructing a Template parses every ${…} expression in it: once per card, on first use. */
  private readonly prepared = new Map<string, InstanceType<TemplateClass>>();
  private constructor(private readonly templates: Map<string, unknown>) {}

  static async load(dir: string): Promise<CardRenderer> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    const templates = new Map<string, unknown>();
    for (const f of files) templates.set(f.slice(0, -5), JSON.parse(await readFile(path.join(dir, f), 'utf8')));
    return new CardRenderer(templates);
  }

  private template(name: string): InstanceType<TemplateClass> {
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

  render(name: string, data: object): Card {
    const key = `${name}\u0000${JSON.stringify(data)}`;
    let json = this.cache.get(key);
    if (json === undefined) {
      // expand() is synchronous, so one prepared template serves every render.
      const card = this.template(name).expand({ $root: data }) as Card;
      if (card?.type !== 'AdaptiveCard') throw new Error(`card template ${name} did not render an AdaptiveCard`);
      json = JSON.stringify(withSubmitFallbacks(card));
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    } else this.cache.delete(key);
    this.cache.set(key, json);
    // A fresh copy each time: callers and the SDK may change what they get.
    return JSON.parse(json) as Card;
  }
}

type Json = Record<string, unknown>;

/**
 * Universal Actions (Action.Execute) with an Action.Submit fallback carrying the same verb and
 * data, for clients without them; added here once instead of in every template.
 */
export function withSubmitFallbacks<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => withSubmitFallbacks(n)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = withSubmitFallbacks(v);
  if (out['type'] === 'Action.Execute' && out['fallback'] === undefined) {
    const { verb, data, title, style, associatedInputs } = out as { verb?: string; data?: Json; title?: string; style?: string; associatedInputs?: string };
    out['fallback'] = { type: 'Action.Submit', title, style, associatedInputs, data: { ...(data ?? {}), verb } };
  }
  return out as T;
}

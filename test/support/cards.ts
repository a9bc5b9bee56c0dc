// Checks a card the way a client would: the adaptivecards library parses it (its UMD bundle;
// the package's ESM build does not load in Node) and reports every problem it finds.
import { createRequire } from 'node:module';

interface ValidationEvent {
  message: string;
}
interface ACModule {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: ValidationEvent[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ValidationEvent };
}

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as ACModule;

export function cardProblems(card: unknown): string[] {
  const json = JSON.parse(JSON.stringify(card)) as Record<string, unknown>;
  const problems: string[] = [];
  if (json['type'] !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (json['version'] !== '1.5') problems.push(`version ${String(json['version'])}, expected 1.5`);
  const text = JSON.stringify(json);
  if (text.includes('${')) problems.push('unexpanded template expression');
  if (Buffer.byteLength(text) > 40 * 1024) problems.push(`card is ${Buffer.byteLength(text)} bytes (> 40 KB)`);
  // Teams' chart elements are unknown to the library, which then uses their fallback (as the
  // Playground does): allowed, as long as every chart has one.
  for (const chart of charts(json)) if (!chart['fallback']) problems.push(`${String(chart['type'])} without a fallback`);
  // Yellow and light-green text on a white card cannot be read (issue 16, item 12).
  const faint = text.match(/"color":"(Good|Warning)"/g);
  if (faint) problems.push(`low-contrast text colour ${faint.join(', ')}`);
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) {
    const message = ctx.getEventAt(i).message;
    if (!/^Unknown element type "Chart\.[\w.]+"\. Fallback will be used if present\.$/.test(message)) problems.push(message);
  }
  for (const e of ac.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

type Node = Record<string, unknown>;

/** Every Chart.* element in a card. */
function charts(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const n of node) charts(n, out);
  else if (node && typeof node === 'object') {
    if (String((node as Node)['type']).startsWith('Chart.')) out.push(node as Node);
    for (const v of Object.values(node)) charts(v, out);
  }
  return out;
}

function containers(node: unknown, out: Node[][] = []): Node[][] {
  if (Array.isArray(node)) {
    if (node.every((n) => n && typeof n === 'object')) out.push(node as Node[]);
    for (const n of node) containers(n, out);
  } else if (node && typeof node === 'object') {
    for (const v of Object.values(node)) containers(v, out);
  }
  return out;
}

export function findInput(card: unknown, id: string): Node | undefined {
  for (const list of containers(card)) {
    const hit = list.find((n) => n['id'] === id && String(n['type']).startsWith('Input.'));
    if (hit) return hit;
  }
  return undefined;
}

/** The error shown next to an input: the Attention TextBlock that follows it. */
export function fieldError(card: unknown, id: string): string | undefined {
  for (const list of containers(card)) {
    const i = list.findIndex((n) => n['id'] === id && String(n['type']).startsWith('Input.'));
    if (i < 0) continue;
    for (const n of list.slice(i + 1)) {
      if (String(n['type']).startsWith('Input.')) break;
      if (n['type'] === 'TextBlock' && n['color'] === 'Attention') return String(n['text']);
    }
  }
  return undefined;
}

/** The data of the first Action.Execute with this verb. */
export function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  const text = JSON.stringify(card);
  const found: Node[] = [];
  JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as Node)['type'] === 'Action.Execute' && (v as Node)['verb'] === verb) found.push(v as Node);
    return v;
  });
  return found[0] ? ((found[0]['data'] as Record<string, unknown>) ?? {}) : undefined;
}

/** Where a template expression was left unexpanded (for diagnosing a card). */
export function unexpanded(card: unknown): string[] {
  return [...JSON.stringify(card).matchAll(/.{0,80}\$\{[^}]*\}.{0,20}/g)].map((m) => m[0]);
}

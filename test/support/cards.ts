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
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

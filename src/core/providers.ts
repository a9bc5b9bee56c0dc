// Finding a care provider by what people type: "Borås", "boras", "NU-sjukvården", "sahlgrenska".
import { fold } from './text.js';
import type { Provider } from './refdata.js';

export function findProviders(providers: readonly Provider[], query: string): Provider[] {
  const q = fold(query);
  if (!q) return [];
  const exact = providers.filter((p) => [p.id, p.name, p.shortName].some((s) => fold(s) === q));
  if (exact.length) return exact;
  return providers.filter((p) => [p.id, p.name, p.shortName].some((s) => fold(s).includes(q)));
}

// A reporting form submitted as Teams sends it (an Action.Execute invoke into /api/messages),
// for tests that drive a bot process with many reporters at once.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../src/core/clock.js';
import { testToday } from './clock.js';

const form = (formId: string, i: number) => ({
  formId,
  kind: 'avvikelse',
  eventDate: addDays(testToday, -1),
  reporterUnit: 'boras',
  receiver: 'sodra-alvsborgs-sjukhus',
  category: 'lakemedel',
  cause: 'kommunikationsbrist',
  consequence: 'risk',
  severity: '2',
  description: `Läkemedelslistan saknades vid överföringen, rapport ${i}.`,
  immediateAction: 'Ringde avdelningen.',
  dialogue: 'ja',
});

/** Reporter i % 40 submits form i; resolves with the HTTP status and the invoke's body. */
export function submitReport(url: string, connector: string, formId: string, i: number) {
  const activity = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector,
    timestamp: new Date().toISOString(),
    locale: 'sv-SE',
    from: { id: `29:aad-rep-${i % 40}`, aadObjectId: `aad-rep-${i % 40}`, name: 'Rut' },
    recipient: { id: '28:avvikelseboten', name: 'Avvikelseboten' },
    conversation: { id: `a:personal-aad-rep-${i % 40}`, conversationType: 'personal', tenantId: 'tenant-vgr' },
    channelData: { tenant: { id: 'tenant-vgr' } },
    value: { action: { type: 'Action.Execute', verb: 'avvikelse.skapa-ny', data: form(formId, i) }, trigger: 'manual' },
  };
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  }).then(async (r) => {
    // Kept as text: a refusal (a 503, a proxy's 502) has no body, and the test should say which it was.
    const text = await r.text();
    return { status: r.status, text, body: (text ? JSON.parse(text) : {}) as { value?: unknown } };
  });
}

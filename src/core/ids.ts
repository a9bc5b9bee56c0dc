// The ids a card sends back. Every record a card names (a case, a report form, a measure) gets a
// random UUID when it is made, so a card may send no other shape: anything else is forged or
// broken, and is refused before it reaches a lookup, a log line or the store.
import { z } from 'zod/v4';

export const RecordId = z.uuid();

// Named answers: a handler says what becomes of the card it came from, never how Teams does it.
import type { Answer, Card, OutgoingMessage, ReplyPolicy } from './turn.js';

const reply = (policy: ReplyPolicy, message: OutgoingMessage): Answer => ({ reply: { policy, message } });

/** The one who acted sees this card instead (a form, a list page, a refusal next to a field). */
export const replaceForInteractor = (card: Card): Answer => reply('replaceForInteractor', { card });

/** Shared state changed: the posted card changes for everyone in the conversation. */
export const replaceForAll = (card: Card): Answer => reply('replaceForAll', { card });

/** A new message with this card; the card acted on stays as it was. */
export const newCard = (card: Card): Answer => reply('newMessage', { card });

/** A short text answer, shown literally. */
export const say = (text: string): Answer => reply('newMessage', { text });

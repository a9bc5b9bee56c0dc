/**
 * Records handed out are frozen: the in-memory copy is the committed state, and a caller that
 * wants a change must put() a new record (cheaper than copying on every read of 24 000 cases).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

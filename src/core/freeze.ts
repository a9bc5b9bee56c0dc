/**
 * Records handed out are frozen: the in-memory copy is the committed state, and a caller that
 * wants a change must put() a new record (cheaper than copying on every read of every case).
 * Start-up freezes every stored record, so this walks without allocating: no Object.values()
 * array per object, arrays by index.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Frozen first: a value reached twice (or a cycle) is then passed over, not walked again.
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}

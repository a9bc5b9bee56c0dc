/**
 * A value derived from snapshots (an index's or a store's arrays, or what was kept from them)
 * and plain values such as the day, kept while every input is the same (===): a snapshot stays
 * the same object until one of its records changes (contract.ts), then the value is derived again.
 */
export class Kept<V> {
  private last: { inputs: readonly unknown[]; value: V } | undefined;

  get(inputs: readonly unknown[], derive: () => V): V {
    const l = this.last;
    if (l && l.inputs.length === inputs.length && l.inputs.every((x, i) => x === inputs[i])) return l.value;
    this.last = { inputs, value: derive() };
    return this.last.value;
  }
}

/**
 * A value derived from one object (a snapshot, a provider), kept for as long as the object
 * lives: the same snapshot gives the same value without deriving it again.
 */
export function keptFor<K extends object, V>(derive: (from: K) => V): (from: K) => V {
  const kept = new WeakMap<K, V>();
  return (from) => {
    let value = kept.get(from);
    if (value === undefined) kept.set(from, (value = derive(from)));
    return value;
  };
}

// A Map that keeps at most `max` entries: adding one more forgets the oldest (insertion order).
// For the caches kept beside the store (rendered cards, summed statistics, clients) and in it
// (old months read, their lookups): their keys come from what users send, so each needs a bound.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}

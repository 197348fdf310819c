/**
 * Writing a record's key as an own property. `object[key] = value` on an object that lacks an own
 * `__proto__` key calls the inherited setter instead: the prototype changes and the field is
 * lost without a trace. Records come from JSON and CSV, where `__proto__` is a field like any
 * other, so every place that builds a record from names uses this.
 */
/** Sets `target[key] = value` as an own, enumerable data property, whatever the key. */
export function setOwnField<V>(target: { [key: string]: V }, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

type Slot = [container: Record<string, unknown> | unknown[], key: string | number];

// No string-keyed member at all, so nothing is inherited by name; only Symbol.toPrimitive, so code
// that turns a client's value into text (String(value), `${value}`) still gets "[object Object]"
// instead of a TypeError (a 500) on an object where it expected a string.
const UNTRUSTED_OBJECT_PROTOTYPE: object = Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: () => "[object Object]" } }) as object,
);

/**
 * JSON.parse whose objects inherit no named member: a schema reading `item.toString` (or any key
 * the sender left out) must see `undefined`, not Object.prototype's function, and a `__proto__` key
 * stays plain data. Iterative, so deeply nested input cannot overflow the stack.
 */
export function parseUntrustedJson(text: string): unknown {
  const top: unknown[] = [JSON.parse(text) as unknown];
  const pending: Slot[] = [[top, 0]];
  for (let slot = pending.pop(); slot; slot = pending.pop()) {
    const [container, key] = slot;
    const value = (container as Record<string | number, unknown>)[key];
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index += 1) pending.push([value, index]);
      continue;
    }
    const copy = Object.create(UNTRUSTED_OBJECT_PROTOTYPE) as Record<string, unknown>;
    for (const name of Object.keys(value)) {
      copy[name] = (value as Record<string, unknown>)[name];
      pending.push([copy, name]);
    }
    (container as Record<string | number, unknown>)[key] = copy;
  }
  return top[0];
}

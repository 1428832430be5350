// Bound methods: one callable per (object, method name), remembering both so repr() and help() can name them.

/** What a bound method remembers: the object it is bound to and the method it calls. */
export interface BoundMethodInfo {
  readonly self: object;
  readonly name: string;
  readonly func: (...args: never[]) => unknown;
}

const boundInfo = new WeakMap<object, BoundMethodInfo>();
const boundCache = new WeakMap<object, Map<string, (...args: unknown[]) => unknown>>();

/**
 * The method `name` of `self` as a callable that keeps `self`, made once: `m.state_dict === m.state_dict`
 * holds, and Python's `repr` and `help` can later ask what it is bound to. `thisArg` is what the method
 * runs with when that differs from the object users hold (the target behind a Proxy).
 */
export function bindMethod(self: object, name: string, func: (...args: never[]) => unknown, thisArg: object = self): (...args: unknown[]) => unknown {
  let perObject = boundCache.get(self);
  if (!perObject) boundCache.set(self, (perObject = new Map()));
  const cached = perObject.get(name);
  if (cached && boundInfo.get(cached)?.func === func) return cached;
  const bound = (func as (...args: unknown[]) => unknown).bind(thisArg);
  Object.defineProperty(bound, "name", { value: name });
  boundInfo.set(bound, { self, name, func });
  perObject.set(name, bound);
  return bound;
}

/** The object and method behind a callable made by `bindMethod`, or undefined for any other value. */
export function boundMethodInfo(value: unknown): BoundMethodInfo | undefined {
  return typeof value === "function" ? boundInfo.get(value) : undefined;
}

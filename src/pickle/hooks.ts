// The protocol by which a JavaScript object stands in for a Python class: symbols the unpickler looks for.
import type { PyDict, PyTuple } from "../python/values.js";

/** `obj[PICKLE_CALL](args)`: what REDUCE does with the object (Python: `obj(*args)`). */
export const PICKLE_CALL: unique symbol = Symbol("weightscope.pickle.call");
/** `obj[PICKLE_NEW](args, kwargs)`: what NEWOBJ, NEWOBJ_EX, OBJ and INST do (Python: `cls.__new__(cls, *args, **kwargs)`). */
export const PICKLE_NEW: unique symbol = Symbol("weightscope.pickle.new");
/** `obj[PICKLE_SETSTATE](state)`: what BUILD does with the object (Python: `obj.__setstate__(state)`). */
export const PICKLE_SETSTATE: unique symbol = Symbol("weightscope.pickle.setstate");
/** `obj[PICKLE_SETITEM](key, value)`: what SETITEM and SETITEMS do on an object that is not a dict. */
export const PICKLE_SETITEM: unique symbol = Symbol("weightscope.pickle.setitem");
/** `obj[PICKLE_APPEND](item)`: what APPEND and APPENDS do on an object that is not a list. */
export const PICKLE_APPEND: unique symbol = Symbol("weightscope.pickle.append");

export interface Callable {
  [PICKLE_CALL](args: PyTuple<unknown>): unknown;
}
export interface Constructible {
  [PICKLE_NEW](args: PyTuple<unknown>, kwargs: PyDict | undefined): unknown;
}
export interface HasSetState {
  [PICKLE_SETSTATE](state: unknown): void;
}
export interface HasSetItem {
  [PICKLE_SETITEM](key: unknown, value: unknown): void;
}
export interface HasAppend {
  [PICKLE_APPEND](item: unknown): void;
}

function has(value: unknown, key: symbol): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && key in value;
}

export const isCallable = (v: unknown): v is Callable => has(v, PICKLE_CALL);
export const isConstructible = (v: unknown): v is Constructible => has(v, PICKLE_NEW);
export const hasSetState = (v: unknown): v is HasSetState => has(v, PICKLE_SETSTATE);
export const hasSetItem = (v: unknown): v is HasSetItem => has(v, PICKLE_SETITEM);
export const hasAppend = (v: unknown): v is HasAppend => has(v, PICKLE_APPEND);

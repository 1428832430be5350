// One row per kind of JavaScript value the Python face knows: which Python class it is, and how it prints.
import type { PyClass } from "./classes.js";

/** Prints a nested value (repr), minding cycles and depth; rows call it for their elements. */
export type Printer = (value: unknown) => string;

/**
 * How one kind of value behaves in Python. Only `test` and `cls` are required: without `repr` a value
 * prints as `<module.Class object>`, without `len` it has no length, without `attributes` its only
 * names are the declared members it really has.
 */
export interface TypeRow<T = never> {
  /** Does this row describe `value`? Rows are tried in order, so subclasses come before their bases. */
  readonly test: (value: unknown) => boolean;
  readonly cls: PyClass | ((value: T) => PyClass);
  readonly repr?: (value: T, inner: Printer) => string;
  /** Python's str(); repr when absent. */
  readonly str?: (value: T, inner: Printer) => string;
  readonly len?: (value: T) => number;
  /** Instance attribute names beyond the class's members (a module's parameters, an object's `__dict__`). */
  readonly attributes?: (value: T) => Iterable<string>;
}

/** Declares a row with its value type checked once, here, instead of at every use. */
export function row<T>(spec: TypeRow<T>): TypeRow<unknown> {
  return spec as unknown as TypeRow<unknown>;
}

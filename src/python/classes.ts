// PyClass: a Python type declared as data (module, qualname, bases, members with signature and doc).
//
// Everything the Python face answers (type, dir, getmembers, help, isinstance) is read from these
// declarations; no function here knows about any particular type.

/**
 * How Python sees a member: `method` is a Python function (help prints its signature), `builtin` a
 * C-level method (help prints `name(...)` and the signature as the doc's first line), `property` and
 * `attribute` are data.
 */
export type MemberKind = "method" | "builtin" | "property" | "attribute";

export interface MemberSpec {
  readonly kind: MemberKind;
  /** Python's signature text without `self`, e.g. `load_state_dict(state_dict, strict=True)`. */
  readonly signature?: string;
  /** One paragraph, written for weightscope. */
  readonly doc: string;
}

export interface Member extends MemberSpec {
  readonly name: string;
  /** The class that declares it (`Module` for `state_dict` on a Sequential). */
  readonly owner: PyClass;
}

export interface ClassSpec {
  readonly module: string;
  readonly qualname: string;
  readonly bases?: readonly PyClass[];
  readonly doc: string;
  /** Python's signature of the constructor, for help(): `Sequential(*args)`. */
  readonly signature?: string;
  readonly members?: Readonly<Record<string, MemberSpec>>;
}

/** A Python class object, as `type(x)` returns it; prints as `<class 'torch.nn.modules.container.Sequential'>`. */
export class PyClass {
  readonly __module__: string;
  readonly __qualname__: string;
  readonly __doc__: string;
  readonly __bases__: readonly PyClass[];
  readonly signature: string | undefined;
  /** Members this class itself declares (inherited ones are found through `mro()`). */
  readonly ownMembers: ReadonlyMap<string, Member>;

  constructor(spec: ClassSpec) {
    this.__module__ = spec.module;
    this.__qualname__ = spec.qualname;
    this.__doc__ = spec.doc;
    this.__bases__ = spec.bases ?? [];
    this.signature = spec.signature;
    this.ownMembers = new Map(Object.entries(spec.members ?? {}).map(([name, member]) => [name, { ...member, name, owner: this }]));
  }

  get __name__(): string {
    return this.__qualname__.slice(this.__qualname__.lastIndexOf(".") + 1);
  }

  /** `torch.nn.modules.container.Sequential`; builtins drop their module as Python prints them (`int`). */
  get qualifiedName(): string {
    return this.__module__ === "builtins" ? this.__qualname__ : `${this.__module__}.${this.__qualname__}`;
  }

  /** This class, then its bases depth first, each once (the declarations have no diamonds that C3 would order differently). */
  mro(): PyClass[] {
    const out: PyClass[] = [];
    const visit = (cls: PyClass): void => {
      if (out.includes(cls)) return;
      out.push(cls);
      for (const base of cls.__bases__) visit(base);
    };
    visit(this);
    return out;
  }

  /** The member `name` as attribute lookup finds it: the first class in the MRO that declares it. */
  lookup(name: string): Member | undefined {
    for (const cls of this.mro()) {
      const member = cls.ownMembers.get(name);
      if (member) return member;
    }
    return undefined;
  }

  /** Every member name declared along the MRO. */
  memberNames(): string[] {
    return [...new Set(this.mro().flatMap((cls) => [...cls.ownMembers.keys()]))];
  }

  isSubclassOf(other: PyClass): boolean {
    return this.mro().includes(other);
  }

  toString(): string {
    return `<class '${this.qualifiedName}'>`;
  }
}

/** Python's sort order for names: code-point order (`_x` after uppercase, before lowercase); UTF-16 order equals it below U+10000. */
export function pythonSorted(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const methodsByFunction = new WeakMap<object, Member>();

/**
 * Remembers which declared member each JavaScript method of `jsClass` is, so `help(t.numpy)` works on
 * the plain prototype function a class instance hands out. Returns `cls` for chaining.
 */
export function declareMethods(cls: PyClass, jsClass: { prototype: object }): PyClass {
  for (const [name, member] of cls.ownMembers) {
    if (member.kind !== "method" && member.kind !== "builtin") continue;
    let proto: object | null = jsClass.prototype;
    while (proto && !Object.hasOwn(proto, name)) proto = Object.getPrototypeOf(proto);
    const value = proto ? Object.getOwnPropertyDescriptor(proto, name)?.value : undefined;
    if (typeof value === "function" && !methodsByFunction.has(value)) methodsByFunction.set(value, member);
  }
  return cls;
}

/** The declared member a prototype function implements, when `declareMethods` saw it. */
export function memberOfFunction(value: unknown): Member | undefined {
  return typeof value === "function" ? methodsByFunction.get(value) : undefined;
}

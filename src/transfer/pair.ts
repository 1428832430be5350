// Pairs the weight-bearing layers of the two models in order, each pair checked against the table of compatible kinds.
import { TransferError } from "./errors.js";
import { conversionRules, type LayerRule } from "./rules.js";
import { beyondStack, splitLayers, stackCutShort, stackLinkProblem } from "./stack.js";
import type { Framework, Unit } from "./units.js";

/** One Keras layer with its torch modules (or, within one framework, one layer with its twin). */
export interface Pair {
  /** 1-based, as the report and errors count. */
  readonly index: number;
  readonly source: readonly Unit[];
  readonly target: readonly Unit[];
  /** Undefined for a copy within one framework. */
  readonly rule: LayerRule | undefined;
}

export function unitText(unit: Unit): string {
  const part = unit.stack ? `, layer l${unit.stack.layer} of ${unit.stack.layers}` : "";
  return `${unit.framework === "torch" ? "torch" : "Keras"} "${unit.name}" (${unit.kind}${part})`;
}

export function pairText(pair: { index: number; source: readonly Unit[]; target: readonly Unit[] }): string {
  return `layer pair ${pair.index}, ${pair.source.map(unitText).join(" + ")} → ${pair.target.map(unitText).join(" + ")}`;
}

/** Rules by Keras class. */
const rulesByKeras = new Map<string, LayerRule>(conversionRules.flatMap((rule) => rule.keras.map((kind) => [kind, rule] as const)));

/** The torch kinds a Keras class pairs with, for messages. */
function partners(rule: LayerRule): string {
  const one = rule.torch.join(" or ");
  return rule.torchModules && rule.torchModules > 1 ? `${rule.torchModules} torch modules (${one})` : `torch ${one}`;
}

function countError(index: number, sourceSide: string, extra: Unit, have: { source: number; target: number }, why?: string): TransferError {
  const text = `the source has ${have.source} weight-bearing layers and the target ${have.target}: ${unitText(extra)} on the ${sourceSide} side has no partner; the models are not the same architecture`;
  return new TransferError(why ?? text, { place: `layer pair ${index}` });
}

/** Same-framework pairs: one to one, same kind. */
function pairWithin(source: readonly Unit[], target: readonly Unit[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < Math.max(source.length, target.length); i++) {
    const [s, t] = [source[i], target[i]];
    if (!s || !t) throw countError(i + 1, s ? "source" : "target", (s ?? t)!, { source: source.length, target: target.length });
    const pair = { index: i + 1, source: [s], target: [t], rule: undefined };
    if (s.kind !== t.kind) throw new TransferError(`the source is a ${s.kind} and the target a ${t.kind}; within one framework only layers of the same kind exchange weights`, { place: pairText(pair) });
    pairs.push(pair);
  }
  return pairs;
}

/**
 * Keras layers walk in order; each takes as many torch modules as its rule says. A torch recurrent module
 * of num_layers = N counts as N modules, one per Keras layer of the stack (stack.ts).
 */
function pairAcross(keras: readonly Unit[], torchModules: readonly Unit[], sourceFramework: Framework): Pair[] {
  const torch = torchModules.flatMap(splitLayers);
  const pairs: Pair[] = [];
  const fromKeras = sourceFramework === "keras";
  const have = { source: fromKeras ? keras.length : torch.length, target: fromKeras ? torch.length : keras.length };
  const arrange = (index: number, k: Unit[], t: Unit[], rule: LayerRule | undefined): Pair => (fromKeras ? { index, source: k, target: t, rule } : { index, source: t, target: k, rule });
  let j = 0;
  for (let i = 0; i < keras.length; i++) {
    const [k, previous] = [keras[i]!, keras[i - 1]];
    const index = pairs.length + 1;
    if (j >= torch.length) throw countError(index, fromKeras ? "source" : "target", k, have, beyondStack(k, previous, torch[j - 1], undefined));
    const rule = rulesByKeras.get(k.kind);
    const modules = torch.slice(j, j + (rule?.torchModules ?? 1));
    const pair = arrange(index, [k], modules, rule);
    const link = stackLinkProblem(torch[j]!, k, previous, rule?.torch.includes(torch[j]!.kind) ?? false);
    if (link) throw new TransferError(link, { place: pairText(pair) });
    if (!rule) {
      const known = [...rulesByKeras.keys()].join(", ");
      throw new TransferError(`no conversion rule for the Keras class ${k.kind}; the copy routine knows ${known}`, { place: pairText(pair) });
    }
    const misfit = modules.find((unit) => !rule.torch.includes(unit.kind));
    if (misfit || modules.length < (rule.torchModules ?? 1)) {
      const beyond = beyondStack(k, previous, torch[j - 1], misfit && `a ${misfit.kind}`);
      throw new TransferError(beyond ?? `a Keras ${k.kind} pairs with ${partners(rule)}, not ${misfit ? misfit.kind : "the end of the model"}`, { place: pairText(pair) });
    }
    pairs.push(pair);
    j += modules.length;
  }
  if (j < torch.length) throw countError(pairs.length + 1, fromKeras ? "target" : "source", torch[j]!, have, stackCutShort(torch[j]!));
  return pairs;
}

export function pairUnits(source: { framework: Framework; units: readonly Unit[] }, target: { framework: Framework; units: readonly Unit[] }): Pair[] {
  if (source.framework === target.framework) return pairWithin(source.units, target.units);
  return source.framework === "keras" ? pairAcross(source.units, target.units, "keras") : pairAcross(target.units, source.units, "torch");
}

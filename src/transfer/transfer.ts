// transfer(src, dst): every target array computed and checked first, then all written, or one error and nothing written.
import { TensorError } from "../errors.js";
import type { NDArray } from "../tensor/index.js";
import { sameShape, shapeText } from "./arrays.js";
import { RuleMismatch, TransferError } from "./errors.js";
import { pairText, pairUnits, type Pair } from "./pair.js";
import { TransferReport, type TransferRow } from "./report.js";
import { identity, Side, type Converted } from "./rules.js";
import { unitsOf, type Framework, type Unit } from "./units.js";

export interface TransferOptions {
  /** Pair, check and compute everything, write nothing; the report is the one a real run gives. */
  readonly dryRun?: boolean;
}

interface Planned {
  readonly rows: TransferRow[];
  readonly warnings: string[];
  readonly writes: Array<{ unit: Unit; arrays: Map<string, NDArray> }>;
}

function convert(pair: Pair, from: Framework): { converted: Converted[]; warnings: string[] } {
  const source = new Side(pair.source);
  const target = new Side(pair.target);
  const rule = pair.rule;
  if (!rule) return { converted: identity(source), warnings: [] };
  const [keras, torch] = from === "keras" ? [source, target] : [target, source];
  rule.check?.(keras, torch);
  const converted = from === "keras" ? rule.toTorch(source, target) : rule.toKeras(source, target);
  return { converted, warnings: rule.warnings?.(keras, torch) ?? [] };
}

/** Checks one pair's arrays against the target's keys and shapes; throws RuleMismatch with the first misfit. */
function plan(pair: Pair, from: Framework, planned: Planned): void {
  const { converted, warnings } = convert(pair, from);
  const sourceShapes = new Map(pair.source.flatMap((unit) => unit.weights.map((weight) => [weight.name, [...weight.array.shape]] as const)));
  pair.target.forEach((unit, at) => {
    const arrays = new Map<string, NDArray>();
    for (const item of converted.filter((c) => c.at === at && c.key !== "")) {
      const weight = unit.weights.find((candidate) => candidate.key === item.key);
      const what = item.from.length > 0 ? item.from.join(" + ") : `the ${item.key} it needs`;
      if (!weight) throw new RuleMismatch(`the source gives ${what} for '${item.key}', but ${unit.name} has no such weight (is a bias on one side and not the other?)`);
      const shape = [...item.value!.shape];
      if (!sameShape(shape, [...weight.array.shape])) throw new RuleMismatch(`${what} becomes ${shapeText(shape)} but ${weight.name} is ${shapeText([...weight.array.shape])}`);
      arrays.set(item.key, item.value!);
    }
    const unfilled = unit.weights.find((weight) => !arrays.has(weight.key));
    if (unfilled) throw new RuleMismatch(`nothing in the source gives ${unfilled.name} (is a bias or a scale on one side and not the other?)`);
    planned.writes.push({ unit, arrays });
  });
  for (const item of converted) {
    const target = item.key === "" ? undefined : pair.target[item.at]!.weights.find((weight) => weight.key === item.key);
    planned.rows.push({
      pair: pair.index,
      source: item.from.length > 0 ? item.from.join(" + ") : "—",
      transform: item.transform,
      target: target?.name ?? "—",
      sourceShape: item.from.length > 0 ? sourceShapes.get(item.from[0]!) : undefined,
      targetShape: target ? [...target.array.shape] : undefined,
    });
  }
  planned.warnings.push(...warnings);
}

/**
 * Copies every weight of `src` into `dst` (a torch module and a Keras model, either way, or two models of
 * one framework), in place. Layers that hold weights pair in order and each pair is checked by kind and
 * shape; the first pair that does not fit throws a TransferError and the target is left as it was.
 */
export function transfer(src: unknown, dst: unknown, options: TransferOptions = {}): TransferReport {
  const source = unitsOf(src, "source");
  const target = unitsOf(dst, "target");
  const planned: Planned = { rows: [], warnings: [], writes: [] };
  for (const pair of pairUnits(source, target)) {
    try {
      plan(pair, source.framework, planned);
    } catch (error) {
      if (error instanceof RuleMismatch || error instanceof TensorError) throw new TransferError(error instanceof TensorError ? error.detail : error.message, { place: pairText(pair) });
      throw error;
    }
  }
  if (!options.dryRun) for (const { unit, arrays } of planned.writes) unit.write(arrays);
  return new TransferReport(source.framework, target.framework, planned.rows, planned.warnings, options.dryRun === true);
}

// torch recurrent modules with num_layers > 1 as one unit per layer, and the checks that consecutive Keras layers can stand for them.
//
// Keras stacks recurrent layers as separate layers (the inner ones with return_sequences=True); torch keeps them
// in one module whose arrays end in `_l0`, `_l1`, …. Splitting the module lets each Keras layer pair with one
// torch layer through the one-layer rules, which read `_l0` keys.
import { isCell, kerasCell } from "./rules.js";
import type { Unit } from "./units.js";

/**
 * Layers that may sit between two Keras layers of one stack: no weights, the same shape out as in, and the
 * identity at inference. torch's `dropout` argument applies between its layers only when training, as these do.
 */
const betweenLayers = new Set(["Dropout", "SpatialDropout1D", "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization"]);

function depth(unit: Unit): number {
  const layers = unit.setting("num_layers");
  return unit.framework === "torch" && isCell(unit.kind) && typeof layers === "number" ? layers : 1;
}

/** `weight_ih_l1_reverse` → `weight_ih_l0_reverse`: the key the one-layer rules read. */
const layerKey = /_l(\d+)(_reverse)?$/;

/** A module of N > 1 layers becomes N units, unit k holding the `_l{k}` arrays under `_l0` keys; others stay as they are. */
export function splitLayers(unit: Unit): Unit[] {
  const layers = depth(unit);
  if (layers <= 1) return [unit];
  return Array.from({ length: layers }, (_, layer): Unit => {
    const own = unit.weights.filter((weight) => Number(layerKey.exec(weight.key)?.[1]) === layer);
    const realKey = new Map(own.map((weight) => [weight.key.replace(layerKey, "_l0$2"), weight.key]));
    return {
      framework: unit.framework,
      name: unit.name,
      kind: unit.kind,
      weights: own.map((weight) => ({ ...weight, key: weight.key.replace(layerKey, "_l0$2") })),
      setting: (key) => unit.setting(key),
      stack: { layer, layers },
      write: (arrays) => unit.write(new Map([...arrays].map(([key, array]) => [realKey.get(key)!, array]))),
    };
  });
}

/** What a torch stack wants of each Keras layer: `LSTM`, or `Bidirectional(LSTM)`. */
function wanted(torch: Unit): string {
  const cell = isCell(torch.kind) ? kerasCell[torch.kind] : torch.kind;
  return torch.setting("bidirectional") === true ? `Bidirectional(${cell})` : cell;
}

function stackText(torch: Unit): string {
  return `torch ${torch.kind} "${torch.name}" stacks ${torch.stack!.layers} layers (num_layers=${torch.stack!.layers})`;
}

/**
 * Why Keras layer `keras` cannot be layer k ≥ 1 of torch's stack, whose layer k - 1 paired with `previous`;
 * undefined when it can (or when `torch` is not such a layer). `accepts` tells whether the Keras class's
 * rule pairs with the torch kind at all.
 */
export function stackLinkProblem(torch: Unit, keras: Unit, previous: Unit | undefined, accepts: boolean): string | undefined {
  const layer = torch.stack?.layer ?? 0;
  if (layer === 0) return undefined;
  if (!accepts) {
    return `${stackText(torch)}: its layer l${layer} needs a Keras ${wanted(torch)} as the next layer with weights, and that is "${keras.name}" (${keras.kind}); the Keras side needs one ${wanted(torch)} per torch layer`;
  }
  const fed = keras.fedBy;
  if (!fed) return `${stackText(torch)}: the input of Keras "${keras.name}" cannot be followed back (the model's shapes are unknown), so nothing shows that it reads "${previous?.name}" (layer l${layer - 1})`;
  if (!previous || fed.layer !== previous.name) {
    return `${stackText(torch)}: Keras "${keras.name}" should read the output of "${previous?.name}" (layer l${layer - 1}), but it reads ${fed.layer ? `"${fed.layer}"` : "the model's input or several layers"}`;
  }
  const odd = fed.through.filter((kind) => !betweenLayers.has(kind));
  if (odd.length > 0) {
    return `${stackText(torch)}: Keras "${keras.name}" reads "${previous.name}" through ${odd.join(", ")}, which torch does not apply between layers l${layer - 1} and l${layer}; only dropout-like layers (${[...betweenLayers].join(", ")}) may sit between them`;
  }
  return undefined;
}

/**
 * The message for Keras layer `keras`, which reads the Keras partner of torch's last recurrent layer
 * `lastTorch` and is recurrent too, when torch goes on with `next` (a module of another kind) or ends.
 */
export function beyondStack(keras: Unit, previous: Unit | undefined, lastTorch: Unit | undefined, next: string | undefined): string | undefined {
  if (!lastTorch || !isCell(lastTorch.kind) || !previous || keras.fedBy?.layer !== previous.name) return undefined;
  if (keras.kind !== previous.kind) return undefined;
  const layers = lastTorch.stack?.layers ?? 1;
  return `Keras "${keras.name}" (${keras.kind}) would be layer l${layers} of torch ${lastTorch.kind} "${lastTorch.name}", which has num_layers=${layers}, and torch ${next ? `goes on with ${next}` : "has nothing after it"}: the Keras side stacks more recurrent layers than num_layers`;
}

/** The message when the Keras side ends before torch's layer l{k ≥ 1}. */
export function stackCutShort(torch: Unit): string | undefined {
  const layer = torch.stack?.layer ?? 0;
  if (layer === 0) return undefined;
  return `${stackText(torch)}, but the Keras side ends after ${layer} ${wanted(torch)} layer${layer === 1 ? "" : "s"}; it needs one per torch layer`;
}

// Every layer class the forward pass runs, by Keras class name, gathered from the family files; a name in two families is an error.
import { activationKinds } from "./activations.js";
import { convolutionKinds } from "./convolution.js";
import { coreKinds } from "./core.js";
import type { ForwardKind } from "./kind.js";
import { maskingKinds } from "./masking.js";
import { normalizationKinds } from "./normalization.js";
import { poolingKinds } from "./pooling.js";
import { recurrentKinds } from "./recurrent.js";

function gather(...families: ReadonlyArray<Readonly<Record<string, ForwardKind>>>): ReadonlyMap<string, ForwardKind> {
  const table = new Map<string, ForwardKind>();
  for (const family of families) {
    for (const [name, kind] of Object.entries(family)) {
      if (table.has(name)) throw new Error(`forward table: ${name} is listed twice`);
      table.set(name, kind);
    }
  }
  return table;
}

export const forwardKinds = gather(coreKinds, maskingKinds, activationKinds, convolutionKinds, poolingKinds, normalizationKinds, recurrentKinds);

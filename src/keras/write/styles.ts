// How each Keras generation types the attributes of a legacy .h5 file, as read from real files of each (../shared/fixtures/real).
import type { H5Type } from "../../hdf5/index.js";
import { parseKerasVersion } from "../model/class-paths.js";

/** A list of names (`layer_names`, `weight_names`): fixed-length byte strings as long as the longest, or variable-length strings. */
export type NameListType = "fixed" | "variable";

export interface KerasWriteStyle {
  readonly name: string;
  /** `backend` and `keras_version` at the root; Keras 1 wrote no backend. */
  readonly rootVersion: H5Type;
  readonly writesBackend: boolean;
  /** `model_config` and `training_config`. */
  readonly config: H5Type;
  /** `backend` and `keras_version` repeated on `model_weights` (Keras 2 on). */
  readonly weightsGroupVersion: H5Type | undefined;
  readonly names: NameListType;
  /** tf.keras 2.5 on and Keras 3 add an empty `top_level_model_weights` group for weights the model holds itself. */
  readonly topLevelWeights: boolean;
}

const vlenAscii: H5Type = { class: "vlen-string", pad: "nullterm", cset: "ascii" };
const vlenUtf8: H5Type = { class: "vlen-string", pad: "nullterm", cset: "utf8" };

/**
 * Rows by the first version that writes that way. h5py stores a Python 3 `str` as variable-length UTF-8
 * and `bytes` as variable-length ASCII (scalars) or fixed-length (arrays). Keras encoded names and
 * versions to bytes; tf.keras (the `-tf` versions, then every version from 2.4, when Keras became
 * tf.keras) wrote a full model's root versions as `str`, and stopped encoding names somewhere between
 * 2.4.0 (fixed-length in the fixtures) and 2.7.0 (variable-length): 2.5 is assumed.
 */
const styles: ReadonlyArray<readonly [from: number, style: KerasWriteStyle]> = [
  [1.0, { name: "Keras 1", rootVersion: vlenAscii, writesBackend: false, config: vlenAscii, weightsGroupVersion: undefined, names: "fixed", topLevelWeights: false }],
  [2.0, { name: "Keras 2", rootVersion: vlenAscii, writesBackend: true, config: vlenAscii, weightsGroupVersion: vlenAscii, names: "fixed", topLevelWeights: false }],
  [2.04, { name: "tf.keras 2.4", rootVersion: vlenUtf8, writesBackend: true, config: vlenAscii, weightsGroupVersion: vlenAscii, names: "fixed", topLevelWeights: false }],
  [2.05, { name: "tf.keras 2.5+", rootVersion: vlenUtf8, writesBackend: true, config: vlenAscii, weightsGroupVersion: vlenAscii, names: "variable", topLevelWeights: true }],
];

/** The style of the version a file records (`2.7.0`, `2.2.4-tf`, `3.8.0`). */
export function styleOf(kerasVersion: string | undefined): KerasWriteStyle {
  const { major, minor, tfSuffix } = parseKerasVersion(kerasVersion, "2.7");
  const key = major + minor / 100;
  const style = [...styles].reverse().find(([from]) => key >= from)?.[1] ?? styles[0]![1];
  // tf.keras 2.2 and 2.3 (`2.2.4-tf`) wrote the root versions as str already.
  return tfSuffix && style.name === "Keras 2" ? { ...style, name: "tf.keras 2.2-2.3", rootVersion: vlenUtf8 } : style;
}

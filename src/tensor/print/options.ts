// The print options of torch and numpy: their defaults, the current settings, and the setters that change them.
import { TensorError } from "../../errors.js";

/** What `torch.set_printoptions` sets. */
export interface TorchPrintOptions {
  /** Digits after the point (default 4). */
  precision: number;
  /** More elements than this are summarized with `...` (default 1000). */
  threshold: number;
  /** Items kept at each end of a summarized dim (default 3). */
  edgeitems: number;
  /** Characters per line before rows wrap (default 80). */
  linewidth: number;
  /** true or false forces scientific notation on or off; null lets each tensor's values decide (default). */
  sci_mode: boolean | null;
}

/** numpy's float modes: how many digits each float shows. */
export type NumpyFloatMode = "fixed" | "unique" | "maxprec" | "maxprec_equal";

/** What `np.set_printoptions` sets. */
export interface NumpyPrintOptions {
  /** Digits after the point at most (default 8). */
  precision: number;
  /** More elements than this are summarized with `...` (default 1000). */
  threshold: number;
  /** Items kept at each end of a summarized dim (default 3). */
  edgeitems: number;
  /** Characters per line before rows wrap (default 75). */
  linewidth: number;
  /** true prints small numbers as 0. instead of switching to scientific notation (default false). */
  suppress: boolean;
  /** "maxprec" (default): unique digits, at most `precision`; "fixed": always `precision`; "unique": all digits needed; "maxprec_equal": one count for all. */
  floatmode: NumpyFloatMode;
  /** "-" signs negatives only (default), "+" signs every float, " " leaves a space where a sign would go. */
  sign: "-" | "+" | " ";
  nanstr: string;
  infstr: string;
}

export const TORCH_DEFAULTS: Readonly<TorchPrintOptions> = Object.freeze({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null });

export const NUMPY_DEFAULTS: Readonly<NumpyPrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  floatmode: "maxprec",
  sign: "-",
  nanstr: "nan",
  infstr: "inf",
});

/** torch's named presets for `profile`. */
const torchProfiles: Record<"default" | "short" | "full", Omit<TorchPrintOptions, "sci_mode">> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

let torchOptions: TorchPrintOptions = { ...TORCH_DEFAULTS };
let numpyOptions: NumpyPrintOptions = { ...NUMPY_DEFAULTS };

/** The torch options in force (a copy). */
export function getTorchPrintOptions(): TorchPrintOptions {
  return { ...torchOptions };
}

/** The numpy options in force (a copy). */
export function getNumpyPrintOptions(): NumpyPrintOptions {
  return { ...numpyOptions };
}

const counts = ["precision", "threshold", "edgeitems", "linewidth"] as const;

function checkCounts(where: string, options: Partial<Record<(typeof counts)[number], number>>): void {
  for (const name of counts) {
    const value = options[name];
    if (value !== undefined && !(typeof value === "number" && value >= 0 && (Number.isInteger(value) || value === Infinity))) {
      throw new TensorError(`${where}: ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}

/**
 * torch.set_printoptions: changes the given options, starting from `profile`'s presets when one is named.
 * As in torch, `sci_mode` is reset to null (automatic) whenever it is not passed.
 */
export function setTorchPrintOptions(options: Partial<TorchPrintOptions> & { profile?: "default" | "short" | "full" } = {}): void {
  checkCounts("set_printoptions", options);
  if (options.profile !== undefined && !Object.hasOwn(torchProfiles, options.profile)) {
    throw new TensorError(`set_printoptions: profile must be "default", "short" or "full", got ${String(options.profile)}`);
  }
  const { profile, ...given } = options;
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  torchOptions = { ...torchOptions, ...(profile ? torchProfiles[profile] : {}), ...defined, sci_mode: options.sci_mode ?? null };
}

const floatModes: readonly NumpyFloatMode[] = ["fixed", "unique", "maxprec", "maxprec_equal"];

/** np.set_printoptions: changes the given options and keeps the others. */
export function setNumpyPrintOptions(options: Partial<NumpyPrintOptions> = {}): void {
  checkCounts("set_printoptions", options);
  if (options.floatmode !== undefined && !floatModes.includes(options.floatmode)) {
    throw new TensorError(`set_printoptions: floatmode must be one of ${floatModes.map((m) => `"${m}"`).join(", ")}, got ${String(options.floatmode)}`);
  }
  if (options.sign !== undefined && !["-", "+", " "].includes(options.sign)) {
    throw new TensorError(`set_printoptions: sign must be "-", "+" or " ", got ${String(options.sign)}`);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  numpyOptions = { ...numpyOptions, ...defined };
}

/** Both option sets back to their defaults. */
export function resetPrintOptions(): void {
  torchOptions = { ...TORCH_DEFAULTS };
  numpyOptions = { ...NUMPY_DEFAULTS };
}

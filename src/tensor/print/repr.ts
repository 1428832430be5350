// The torch and numpy reprs: one layout and formatter, wrapped in each library's prefix and suffix rules.
import { DTYPES, type DType } from "../dtypes.js";
import { numpyFormatter, torchFormatter } from "./format.js";
import { fixedCountWrap, greedyWrap, layout, shownValues, type EdgeCounts, type PrintSource } from "./layout.js";
import { getNumpyPrintOptions, getTorchPrintOptions } from "./options.js";

/** A Python tuple's text: `(0, 3)`, `(0,)`, `()`. */
function tupleText(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

function numelOf(source: PrintSource): number {
  return source.shape.reduce((a, b) => a * b, 1);
}

/** Dtypes torch leaves unsaid: the default float, int64 and bool. */
const torchImpliedDtypes: ReadonlySet<DType> = new Set(["float32", "int64", "bool"]);
/** Dtypes numpy leaves unsaid (when the array has elements): float64, int64 and bool. */
const numpyImpliedDtypes: ReadonlySet<DType> = new Set(["float64", "int64", "bool"]);

/** torch slices a row's tail with `[-edgeitems:]` (all of it for 0) and counts higher dims' tails. */
const torchEdges: EdgeCounts = (size, edgeitems, innermost) => [edgeitems, innermost && edgeitems === 0 ? size : edgeitems];
/** numpy always prints the last item of a summarized dim... */
const numpyShownEdges: EdgeCounts = (_, edgeitems) => [edgeitems, Math.max(edgeitems, 1)];
/** ...and its formatter looks at `[:edgeitems]` and `[-edgeitems:]` of every dim. */
const numpyFormatterEdges: EdgeCounts = (size, edgeitems) => [edgeitems, edgeitems === 0 ? size : edgeitems];

/** How torch tells autograd and parameters apart in a repr. */
export interface TorchReprFlags {
  requiresGrad: boolean;
  parameter: boolean;
}

/**
 * Appends torch's suffixes (`dtype=...`, `requires_grad=True`) after `, `, or on a new line indented past
 * the prefix when the line would pass the width. The last-line length counts as torch counts it, two over
 * (its `rfind` arithmetic), so the break comes where torch's does.
 */
function addTorchSuffixes(text: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  let out = text;
  let lastLine = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLine + suffix.length + 2 > linewidth) {
      out += ",\n" + " ".repeat(indent) + suffix;
      lastLine = indent + suffix.length;
    } else {
      out += ", " + suffix;
      lastLine += suffix.length + 2;
    }
  }
  return out + ")";
}

/** torch's repr of a tensor: `tensor([1., 2.], dtype=torch.float16)`, `Parameter containing:` above a parameter. */
export function torchRepr(source: PrintSource, flags: TorchReprFlags): string {
  const options = getTorchPrintOptions();
  const prefix = "tensor(";
  const suffixes: string[] = [];
  const numel = numelOf(source);
  let body: string;
  if (numel === 0) {
    // Without elements nothing shows the shape or the dtype, so both are spelled out (the shape unless 1-d).
    if (source.shape.length !== 1) suffixes.push(`size=${tupleText(source.shape)}`);
    if (source.dtype !== "float32") suffixes.push(`dtype=torch.${DTYPES[source.dtype].torchName}`);
    body = "[]";
  } else {
    if (!torchImpliedDtypes.has(source.dtype)) suffixes.push(`dtype=torch.${DTYPES[source.dtype].torchName}`);
    const summarize = numel > options.threshold;
    const formatter = torchFormatter(source.dtype, shownValues(source, summarize, options.edgeitems, torchEdges), options);
    body = layout(source, formatter.format, {
      prefixLength: prefix.length,
      summarize,
      edgeitems: options.edgeitems,
      edges: torchEdges,
      rowGap: " ...",
      wrap: fixedCountWrap(options.linewidth, prefix.length, formatter.width),
    });
  }
  if (flags.requiresGrad) suffixes.push("requires_grad=True");
  const text = addTorchSuffixes(prefix + body, suffixes, prefix.length, options.linewidth);
  return flags.parameter ? "Parameter containing:\n" + text : text;
}

/** numpy's repr of an array: `array([1. , 2.5], dtype=float32)`, `array([], shape=(0, 3), dtype=float32)`. */
export function numpyRepr(source: PrintSource): string {
  const options = getNumpyPrintOptions();
  const prefix = "array(";
  const numel = numelOf(source);
  const impliedDtype = numpyImpliedDtypes.has(source.dtype) && numel > 0;
  const closing = impliedDtype ? ")" : ",";
  let body: string;
  if (numel > 0) {
    const summarize = numel > options.threshold;
    const formatter = numpyFormatter(source.dtype, shownValues(source, summarize, options.edgeitems, numpyFormatterEdges), source.shape.length === 0, options);
    // The closing `)` or `,` must fit on the last line too.
    const linewidth = options.linewidth - closing.length;
    body = layout(source, formatter.format, {
      prefixLength: prefix.length,
      summarize,
      edgeitems: options.edgeitems,
      edges: numpyShownEdges,
      rowGap: "...",
      wrap: greedyWrap(linewidth, prefix.length),
    });
  } else {
    body = source.shape.length === 1 ? "[]" : `[], shape=${tupleText(source.shape)}`;
  }
  const text = prefix + body + closing;
  if (impliedDtype) return text;
  const dtypeText = `dtype=${DTYPES[source.dtype].numpyName})`;
  const lastLine = text.length - (text.lastIndexOf("\n") + 1);
  const spacer = lastLine + dtypeText.length + 1 > options.linewidth ? "\n" + " ".repeat(prefix.length) : " ";
  return text + spacer + dtypeText;
}

/** `torch.Size([6, 1, 5, 5])`. */
export function torchSizeRepr(sizes: readonly number[]): string {
  return `torch.Size([${sizes.join(", ")}])`;
}

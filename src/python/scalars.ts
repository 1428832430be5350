// Python's repr of the scalar values: int, float (shortest round trip), complex, str and bytes quoting.

/** Python's `repr(float)`: the shortest digits that read back to the same double, fixed between 1e-4 and 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest round-trip digits, as Python's repr does.
  const [mantissa, exponentText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  const sign = x < 0 ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${sign}${whole}.${fraction}`;
}

/** Python's `repr(int)` for a JS number that holds an int (or a bigint). */
export function intRepr(x: number | bigint): string {
  return typeof x === "bigint" ? x.toString() : Object.is(x, -0) ? "0" : x.toString();
}

/** Python's `repr(complex)`: `(1+2j)`, `1j` when the real part is +0. */
export function complexRepr(real: number, imag: number): string {
  const part = (x: number): string => {
    const text = floatRepr(x);
    return text.endsWith(".0") ? text.slice(0, -2) : text;
  };
  const imagText = part(imag);
  if (real === 0 && !Object.is(real, -0)) return `${imagText}j`;
  const joined = imagText.startsWith("-") ? imagText : `+${imagText}`;
  return `(${part(real)}${joined}j)`;
}

// Characters str.isprintable() rejects: controls, format, surrogates, private use, unassigned and
// separators other than the plain space.
const unprintable = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** Python's quote choice: single quotes unless the text has a single quote and no double quote. */
function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

const commonEscapes: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Python's `repr(str)`. */
export function strRepr(text: string): string {
  const quote = quoteFor(text.includes("'"), text.includes('"'));
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (commonEscapes[char] !== undefined) out += commonEscapes[char];
    else if (char === quote) out += `\\${quote}`;
    else if (char === " " || !unprintable.test(char)) out += char;
    else if (code < 0x100) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/** Python's `repr(bytes)`: `b'...'` with printable ASCII kept and everything else as `\xNN`. */
export function bytesRepr(bytes: Uint8Array, prefix = "b"): string {
  const quote = quoteFor(bytes.includes(0x27), bytes.includes(0x22));
  let out = prefix + quote;
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (commonEscapes[char] !== undefined) out += commonEscapes[char];
    else if (char === quote) out += `\\${quote}`;
    else if (byte >= 0x20 && byte < 0x7f) out += char;
    else out += `\\x${hex(byte, 2)}`;
  }
  return out + quote;
}

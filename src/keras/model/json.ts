// Python's json.loads over a Keras config's text: `1.0` stays a float and `1` an int, which JSON.parse cannot tell apart.
import { KerasFileError } from "../errors.js";
import { PyDict, PyFloat } from "../../python/values.js";

// One token at a time: punctuation, a string, a number, or a bare word (true, false, null, NaN, Infinity).
const TOKEN = /\s*(?:([{}[\]:,])|("(?:[^"\\]|\\.)*")|(-?\d+(\.\d+)?([eE][-+]?\d+)?)|(-?Infinity|NaN|true|false|null))/y;

/**
 * Objects become dicts (key order kept), numbers written with a fraction or an exponent PyFloat, others
 * plain numbers; NaN and Infinity are read as Python's json reads them. `where` names the text in errors.
 */
export function parsePythonJson(text: string, where: { file?: string; place: string }): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new KerasFileError(`not valid JSON: ${what} at character ${at}`, where);
  };
  const next = (): RegExpExecArray => {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return fail("an unexpected character");
    at = TOKEN.lastIndex;
    return match;
  };
  const value = (token: RegExpExecArray): unknown => {
    const [, punct, string, number, fraction, exponent, word] = token;
    if (string !== undefined) return JSON.parse(string) as string;
    if (number !== undefined) return fraction !== undefined || exponent !== undefined ? new PyFloat(Number(number)) : Number(number);
    if (word !== undefined) return word === "null" ? null : word === "true" ? true : word === "false" ? false : new PyFloat(Number(word));
    if (punct === "[") return sequence("]", () => value(next()));
    if (punct === "{") {
      const dict = new PyDict();
      for (const [key, item] of sequence("}", () => {
        const key = next();
        if (key[2] === undefined) fail("a key that is not a string");
        if (next()[1] !== ":") fail("a missing colon");
        return [JSON.parse(key[2]!) as string, value(next())] as const;
      })) {
        dict.set(key, item);
      }
      return dict;
    }
    return fail(`an unexpected ${JSON.stringify(punct)}`);
  };
  // Items separated by commas up to `close`; an empty sequence is the closing bracket right away.
  function sequence<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    const save = at;
    if (next()[1] === close) return items;
    at = save;
    for (;;) {
      items.push(item());
      const separator = next()[1];
      if (separator === close) return items;
      if (separator !== ",") fail(`a missing comma or ${close}`);
    }
  }
  const result = value(next());
  if (text.slice(at).trim() !== "") fail("text after the end");
  return result;
}

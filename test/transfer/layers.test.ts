// Every layer rule both ways on small random models: numpy's arrays, TensorFlow.js and real torch forward passes, round trips.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { load, save } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { Tensor } from "../../src/tensor/index.js";
import { transfer } from "../../src/transfer/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { kerasCases, numpyKerasForward } from "./keras-cases.js";
import { casesDir, makeTorchCases, maxDifference, moveAxis, runTorchCases, sameValues, tfjsPredict, toArray, zeroKerasModel, type Dumped } from "./support.js";

interface Record {
  input: Dumped;
  output: Dumped;
  keras: Dumped[];
  state: { [key: string]: Dumped };
}

interface Outcome {
  /** The Keras arrays after torch → Keras, against numpy's. */
  kerasArrays: boolean[];
  /** TensorFlow.js on the Keras model against real torch on the source module. */
  kerasForward?: number;
  /** The fresh torch module after Keras → torch, key by key, against the source module's state_dict. */
  roundTrip: { [key: string]: boolean };
  /** Real torch on the copied state_dict against real torch on the source module. */
  torchForward?: number;
  error?: unknown;
}

const names = Object.keys(kerasCases);
const outcomes = new Map<string, Outcome>();
const records = new Map<string, Record>();

/** torch's biases that Keras sums into one: after Keras → torch, b_ih holds the sum and b_hh zeros, in every layer of a stack. */
function expectedAfterRoundTrip(name: string, key: string, state: Record["state"]): Dumped {
  const summed = /^(.*)bias_(ih|hh)(_l\d+(?:_reverse)?)$/.exec(key);
  if (!summed || name.includes("gru")) return key === "num_batches_tracked" || key.endsWith(".num_batches_tracked") ? { shape: [], data: [0] } : state[key]!;
  const [, prefix, which, layer] = summed;
  const [ih, hh] = [state[`${prefix}bias_ih${layer}`]!, state[`${prefix}bias_hh${layer}`]!];
  if (which === "hh") return { shape: hh.shape, data: hh.data.map(() => 0) };
  return { shape: ih.shape, data: ih.data.map((v, i) => Math.fround(v + hh.data[i]!)) };
}

async function runCase(name: string): Promise<Outcome> {
  const spec = kerasCases[name]!;
  const record = JSON.parse(readFileSync(join(casesDir, `${name}.json`), "utf8")) as Record;
  records.set(name, record);
  const source = load(join(casesDir, `${name}.pt`)) as TorchModule;
  const keras = await zeroKerasModel(spec.config);
  transfer(source, keras);
  const got = keras.get_weights();
  const outcome: Outcome = { kerasArrays: record.keras.map((want, i) => got[i] !== undefined && sameValues(got[i]!, toArray(want))), roundTrip: {} };
  if (got.length !== record.keras.length) outcome.kerasArrays.push(false);
  if (spec.tfjs) {
    const input = spec.channelsIn ? moveAxis(toArray(record.input), 1, -1) : toArray(record.input);
    const output = await tfjsPredict(spec.config, got, input);
    outcome.kerasForward = maxDifference(spec.channelsOut ? moveAxis(output, -1, 1) : output, toArray(record.output));
  }
  if (numpyKerasForward.has(name)) writeFileSync(join(casesDir, `${name}_keras.json`), JSON.stringify(got.map((a) => ({ shape: [...a.shape], data: Array.from(a.data() as Float32Array) }))));
  const fresh = load(join(casesDir, `${name}_fresh.pt`)) as TorchModule;
  transfer(keras, fresh);
  for (const [key, value] of fresh.state_dict().entries()) {
    outcome.roundTrip[String(key)] = sameValues((value as Tensor).numpy().astype("float64"), toArray(expectedAfterRoundTrip(name, String(key), record.state)).astype("float64"));
  }
  save(fresh.state_dict(), join(casesDir, `${name}_copied.pt`));
  return outcome;
}

describeWithTorch("transfer, layer by layer, against numpy, TensorFlow.js and real torch", () => {
  beforeAll(async () => {
    makeTorchCases();
    for (const name of names) {
      try {
        outcomes.set(name, await runCase(name));
      } catch (error) {
        outcomes.set(name, { kerasArrays: [], roundTrip: {}, error });
      }
    }
    const copied = names.filter((name) => !outcomes.get(name)!.error);
    const torchOutputs = runTorchCases(copied);
    for (const name of copied) {
      const outcome = outcomes.get(name)!;
      outcome.torchForward = maxDifference(toArray(torchOutputs[name]!), toArray(records.get(name)!.output));
      if (numpyKerasForward.has(name)) outcome.kerasForward = maxDifference(toArray(torchOutputs[`${name}/keras`]!), toArray(records.get(name)!.output));
    }
  }, 240_000);

  it.each(names)("%s: torch → Keras gives the arrays numpy computes from the rules doc", (name) => {
    const outcome = outcomes.get(name)!;
    if (outcome.error) throw outcome.error;
    expect(outcome.kerasArrays.length).toBeGreaterThan(0);
    expect(outcome.kerasArrays.every(Boolean)).toBe(true);
  });

  it.each(names.filter((name) => kerasCases[name]!.tfjs || numpyKerasForward.has(name)))("%s: the Keras model run by TensorFlow.js (GRU and 5-D BatchNormalization: by numpy, after Keras's code) gives real torch's outputs (within 1e-4)", (name) => {
    const outcome = outcomes.get(name)!;
    if (outcome.error) throw outcome.error;
    expect(outcome.kerasForward).toBeLessThan(1e-4);
  });

  it.each(names)("%s: Keras → torch gives back torch's arrays exactly (summed recurrent biases as b_ih + b_hh and zeros)", (name) => {
    const outcome = outcomes.get(name)!;
    if (outcome.error) throw outcome.error;
    expect(Object.keys(outcome.roundTrip).sort()).toEqual(Object.keys(records.get(name)!.state).sort());
    expect(outcome.roundTrip).toEqual(Object.fromEntries(Object.keys(outcome.roundTrip).map((key) => [key, true])));
  });

  it.each(names)("%s: real torch on the module filled from Keras gives the source module's outputs (within 1e-5)", (name) => {
    const outcome = outcomes.get(name)!;
    if (outcome.error) throw outcome.error;
    expect(outcome.torchForward).toBeLessThan(1e-5);
  });
});

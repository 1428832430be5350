// A torch recurrent module with num_layers > 1 against consecutive Keras layers: the report's rows per layer, verify before and after, and every refusal.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { KerasModel } from "../../src/keras/index.js";
import { load } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { transfer, verify } from "../../src/transfer/index.js";
import { describeWithTorch, generatedDir } from "../support/oracle.js";
import { kerasCases, sequential } from "./keras-cases.js";
import { makeTorchCases, randomKeras, refusedAndUntouched, snapshot, unchanged } from "./support.js";

const dir = join(generatedDir, "transfer-stacked");
type Json = Record<string, unknown>;

function torchModel(name: string): TorchModule {
  return load(join(dir, `${name}.pt`)) as TorchModule;
}

/** The layers of a case's Sequential config, copied so a test can change them. */
function layersOf(name: string): Json[] {
  return structuredClone((kerasCases[name]!.config.config as { layers: Json[] }).layers);
}

function configOf(layer: Json): Json {
  return layer.config as Json;
}

/** Refused both ways with neither model changed; the two messages. */
function refusedBothWays(torch: TorchModule, keras: KerasModel): [string, string] {
  const [torchBefore, kerasBefore] = [snapshot(torch), snapshot(keras)];
  const toKeras = refusedAndUntouched(keras, () => transfer(torch, keras)).message;
  const toTorch = refusedAndUntouched(torch, () => transfer(keras, torch)).message;
  expect(unchanged(torchBefore, snapshot(torch))).toBe(true);
  expect(unchanged(kerasBefore, snapshot(keras))).toBe(true);
  return [toKeras, toTorch];
}

describeWithTorch("a stacked torch RNN against several Keras layers", () => {
  beforeAll(() => makeTorchCases(dir), 120_000);

  it("reports one layer pair per torch layer, its arrays named by _l{k}", async () => {
    const keras = await randomKeras(kerasCases.lstm_stack!.config);
    const lines = String(transfer(torchModel("lstm_stack"), keras)).split("\n");
    expect(lines[0]).toBe("transfer torch → Keras: 3 layer pairs, 8 arrays written");
    expect(lines.slice(1)).toEqual([
      "#  source weight                    transform        target weight              shapes",
      "1  rnn.weight_ih_l0                 transpose        lstm/kernel:0              (24, 4) → (4, 24)",
      "1  rnn.weight_hh_l0                 transpose        lstm/recurrent_kernel:0    (24, 6) → (6, 24)",
      "1  rnn.bias_ih_l0 + rnn.bias_hh_l0  b_ih + b_hh      lstm/bias:0                (24,) → (24,)",
      "2  rnn.weight_ih_l1                 transpose        lstm_1/kernel:0            (24, 6) → (6, 24)",
      "2  rnn.weight_hh_l1                 transpose        lstm_1/recurrent_kernel:0  (24, 6) → (6, 24)",
      "2  rnn.bias_ih_l1 + rnn.bias_hh_l1  b_ih + b_hh      lstm_1/bias:0              (24,) → (24,)",
      "3  fc.weight                        transpose (W.T)  dense/kernel:0             (3, 6) → (6, 3)",
      "3  fc.bias                          copy             dense/bias:0               (3,) → (3,)",
    ]);
    const back = transfer(keras, torchModel("lstm_stack_fresh"));
    expect(back.rows.filter((row) => row.pair === 2).map((row) => [row.source, row.transform, row.target])).toEqual([
      ["lstm_1/kernel:0", "transpose", "rnn.weight_ih_l1"],
      ["lstm_1/recurrent_kernel:0", "transpose", "rnn.weight_hh_l1"],
      ["lstm_1/bias:0", "copy (the summed bias)", "rnn.bias_ih_l1"],
      ["—", "zeros (Keras keeps one bias)", "rnn.bias_hh_l1"],
    ]);
  });

  it("verify tells a bare two-layer LSTM from its Keras stack before the copy, and passes after it", async () => {
    const torch = torchModel("lstm2");
    const keras = await randomKeras(sequential(layersOf("lstm_stack").slice(0, -1)));
    const before = verify(torch, keras);
    expect(before.rows[0]!.shape).toEqual([2, 5, 4]);
    expect(before.rows[0]!.maxAbs!).toBeGreaterThan(1e-2);
    expect(before.passed).toBe(false);
    transfer(torch, keras);
    const after = verify(keras, torch);
    expect(after.rows[0]!.shape).toEqual([2, 5, 4]);
    expect(after.rows[0]!.maxAbs!).toBeLessThan(1e-5);
    // The Keras input is declared (None, 5, 4): the other length is listed as not run.
    expect(after.rows[1]!.skipped).toMatch(/\(None, 5, 4\)/);
    expect(after.passed).toBe(true);
  });

  it("refuses a Keras side with fewer layers than num_layers", async () => {
    const messages = refusedBothWays(torchModel("lstm2"), await randomKeras(kerasCases.lstm!.config));
    expect(messages).toEqual([
      'layer pair 2: torch LSTM "LSTM" stacks 2 layers (num_layers=2), but the Keras side ends after 1 LSTM layer; it needs one per torch layer',
      'layer pair 2: torch LSTM "LSTM" stacks 2 layers (num_layers=2), but the Keras side ends after 1 LSTM layer; it needs one per torch layer',
    ]);
  });

  it("refuses a Keras layer of another kind where torch's next layer is", async () => {
    const layers = layersOf("lstm_stack");
    layers.splice(2, 2);
    expect(refusedBothWays(torchModel("lstm_stack"), await randomKeras(sequential(layers)))).toEqual([
      'layer pair 2, torch "rnn" (LSTM, layer l1 of 2) → Keras "dense" (Dense): torch LSTM "rnn" stacks 2 layers (num_layers=2): its layer l1 needs a Keras LSTM as the next layer with weights, and that is "dense" (Dense); the Keras side needs one LSTM per torch layer',
      'layer pair 2, Keras "dense" (Dense) → torch "rnn" (LSTM, layer l1 of 2): torch LSTM "rnn" stacks 2 layers (num_layers=2): its layer l1 needs a Keras LSTM as the next layer with weights, and that is "dense" (Dense); the Keras side needs one LSTM per torch layer',
    ]);
  });

  it("refuses a Keras side with more recurrent layers than num_layers", async () => {
    const layers = layersOf("lstm_stack");
    layers.splice(4, 0, { ...layers[3]!, config: { ...configOf(layers[3]!), name: "lstm_2" } });
    expect(refusedBothWays(torchModel("lstm_stack"), await randomKeras(sequential(layers)))).toEqual([
      'layer pair 3, torch "fc" (Linear) → Keras "lstm_2" (LSTM): Keras "lstm_2" (LSTM) would be layer l2 of torch LSTM "rnn", which has num_layers=2, and torch goes on with a Linear: the Keras side stacks more recurrent layers than num_layers',
      'layer pair 3, Keras "lstm_2" (LSTM) → torch "fc" (Linear): Keras "lstm_2" (LSTM) would be layer l2 of torch LSTM "rnn", which has num_layers=2, and torch goes on with a Linear: the Keras side stacks more recurrent layers than num_layers',
    ]);
  });

  it("refuses an inner Keras layer without return_sequences", async () => {
    const layers = layersOf("lstm_stack");
    configOf(layers[1]!).return_sequences = false;
    expect(refusedBothWays(torchModel("lstm_stack"), await randomKeras(sequential(layers)))).toEqual([
      'layer pair 1, torch "rnn" (LSTM, layer l0 of 2) → Keras "lstm" (LSTM): Keras "lstm" returns only its last step (return_sequences=False), but torch LSTM "rnn" feeds every step of layer l0 to layer l1; set return_sequences=True on every Keras layer of the stack but the last',
      'layer pair 1, Keras "lstm" (LSTM) → torch "rnn" (LSTM, layer l0 of 2): Keras "lstm" returns only its last step (return_sequences=False), but torch LSTM "rnn" feeds every step of layer l0 to layer l1; set return_sequences=True on every Keras layer of the stack but the last',
    ]);
  });

  it("refuses units that differ from hidden_size", async () => {
    const layers = layersOf("lstm_stack");
    configOf(layers[3]!).units = 8;
    expect(refusedBothWays(torchModel("lstm_stack"), await randomKeras(sequential(layers)))).toEqual([
      'layer pair 2, torch "rnn" (LSTM, layer l1 of 2) → Keras "lstm_1" (LSTM): Keras "lstm_1" has 8 units, torch LSTM "rnn" has hidden_size=6',
      'layer pair 2, Keras "lstm_1" (LSTM) → torch "rnn" (LSTM, layer l1 of 2): Keras "lstm_1" has 8 units, torch LSTM "rnn" has hidden_size=6',
    ]);
  });

  it("refuses a layer between the Keras layers that torch does not have", async () => {
    const layers = layersOf("lstm_stack");
    layers[2] = { class_name: "Activation", config: { name: "activation", trainable: true, dtype: "float32", activation: "relu" } };
    expect(refusedBothWays(torchModel("lstm_stack"), await randomKeras(sequential(layers)))).toEqual([
      'layer pair 2, torch "rnn" (LSTM, layer l1 of 2) → Keras "lstm_1" (LSTM): torch LSTM "rnn" stacks 2 layers (num_layers=2): Keras "lstm_1" reads "lstm" through Activation, which torch does not apply between layers l0 and l1; only dropout-like layers (Dropout, SpatialDropout1D, GaussianDropout, GaussianNoise, AlphaDropout, ActivityRegularization) may sit between them',
      'layer pair 2, Keras "lstm_1" (LSTM) → torch "rnn" (LSTM, layer l1 of 2): torch LSTM "rnn" stacks 2 layers (num_layers=2): Keras "lstm_1" reads "lstm" through Activation, which torch does not apply between layers l0 and l1; only dropout-like layers (Dropout, SpatialDropout1D, GaussianDropout, GaussianNoise, AlphaDropout, ActivityRegularization) may sit between them',
    ]);
  });

  it("refuses a stack with proj_size", async () => {
    const keras = await randomKeras(sequential(layersOf("lstm_stack").slice(0, -1)));
    expect(refusedBothWays(torchModel("lstm2_proj"), keras)).toEqual([
      'layer pair 1, torch "LSTM" (LSTM, layer l0 of 2) → Keras "lstm" (LSTM): torch LSTM "LSTM" has proj_size; Keras\'s LSTM has no projection',
      'layer pair 1, Keras "lstm" (LSTM) → torch "LSTM" (LSTM, layer l0 of 2): torch LSTM "LSTM" has proj_size; Keras\'s LSTM has no projection',
    ]);
  });

  it("refuses a bidirectional stack against plain Keras layers", async () => {
    const keras = await randomKeras(kerasCases.lstm_stack!.config);
    expect(refusedBothWays(torchModel("bilstm_stack"), keras)).toEqual([
      'layer pair 1, torch "rnn" (LSTM, layer l0 of 2) → Keras "lstm" (LSTM): torch LSTM "rnn" is bidirectional; wrap the Keras layer in Bidirectional',
      'layer pair 1, Keras "lstm" (LSTM) → torch "rnn" (LSTM, layer l0 of 2): torch LSTM "rnn" is bidirectional; wrap the Keras layer in Bidirectional',
    ]);
  });

  it("refuses by shape a Bidirectional stack whose inner layer sums its directions", async () => {
    const layers = layersOf("bilstm_stack");
    configOf(layers[1]!).merge_mode = "sum";
    const [toKeras] = refusedBothWays(torchModel("bilstm_stack"), await randomKeras(sequential(layers)));
    expect(toKeras).toBe('layer pair 2, torch "rnn" (LSTM, layer l1 of 2) → Keras "bidirectional_1" (Bidirectional): rnn.weight_ih_l1 becomes (12, 24) but bidirectional_1/forward_lstm/lstm_cell/kernel:0 is (6, 24)');
  });
});

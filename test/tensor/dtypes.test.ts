// The dtype table agrees with torch and numpy: sizes, torch names and aliases, storage classes, numpy type strings.
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { DTYPES, dtypeOfNumpy, dtypeOfTorchName, dtypeOfTorchStorage, type DType } from "../../src/tensor/index.js";
import { oracle } from "./reference.js";

interface Row {
  itemsize: number;
  storage: string;
  storage_dtype: string;
  torch_name: string;
  aliases: string[];
  is_floating_point: boolean;
  numpy_str?: string;
  numpy_name?: string;
  numpy_itemsize?: number;
  numpy_kind?: string;
}

describeWithTorch("the dtype table against torch and numpy", () => {
  let rows: Record<DType, Row>;
  beforeAll(() => {
    rows = oracle<Record<DType, Row>>("dtypes");
  });

  it("has one row per dtype torch knows here, with torch's sizes, names and aliases", () => {
    expect(Object.keys(DTYPES).sort()).toEqual(Object.keys(rows).sort());
    for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) {
      const row = rows[name];
      expect(info.itemsize, name).toBe(row.itemsize);
      expect(info.storageArray.BYTES_PER_ELEMENT, name).toBe(row.itemsize);
      expect(`torch.${info.torchName}`, name).toBe(row.torch_name);
      expect([...info.torchAliases].sort(), name).toEqual(row.aliases);
      expect(info.kind === "float", name).toBe(row.is_floating_point);
      for (const alias of [info.torchName, ...info.torchAliases]) {
        expect(dtypeOfTorchName(alias)).toBe(name);
        expect(dtypeOfTorchName(`torch.${alias}`)).toBe(name);
      }
    }
  });

  it("maps each legacy storage class to the dtype torch gives it", () => {
    for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) {
      expect(info.torchStorage).toBe(rows[name].storage);
      expect(`torch.${dtypeOfTorchStorage(info.torchStorage)}`).toBe(rows[name].storage_dtype);
      expect(dtypeOfTorchStorage(`torch.${info.torchStorage}`)).toBe(name);
    }
    expect(dtypeOfTorchStorage("ComplexFloatStorage")).toBeUndefined();
    expect(dtypeOfTorchName("complex64")).toBeUndefined();
  });

  it("gives numpy's names, type strings and kinds, and knows bfloat16 is not numpy's", () => {
    for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) {
      const row = rows[name];
      expect(info.inNumpy, name).toBe(row.numpy_str !== undefined);
      if (!info.inNumpy) continue;
      expect(info.numpyTypestr, name).toBe(row.numpy_str);
      expect(info.numpyName, name).toBe(row.numpy_name);
      expect({ float: "f", int: "i", uint: "u", bool: "b" }[info.kind], name).toBe(row.numpy_kind);
      expect(dtypeOfNumpy(row.numpy_str!)).toBe(name);
      expect(dtypeOfNumpy(row.numpy_name!)).toBe(name);
    }
    expect(dtypeOfNumpy(">f4")).toBeUndefined();
  });
});

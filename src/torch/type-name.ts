// Python's name for the type of a value, as torch's argument errors print it (the C type's tp_name).
//
// Built-in types print bare (`dict`, `tuple`, `NoneType`), other C types with their module
// (`collections.OrderedDict`, `torch.Size`, `numpy.ndarray`), classes written in Python by their name
// alone (`Linear`, `Parameter`).
import { PyFloat, PyGlobalRef, PyInstance, PyTuple } from "../python/values.js";
import { NDArray, Tensor } from "../tensor/index.js";
import { TorchModule } from "./modules/module.js";

export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return "int";
  if (typeof value === "number" || value instanceof PyFloat) return "float";
  if (typeof value === "string") return "str";
  if (value instanceof TorchModule) return lastPart(value.className);
  if (value instanceof Tensor) return value.isParameter ? "Parameter" : "Tensor";
  if (value instanceof NDArray) return "numpy.ndarray";
  if (value instanceof PyInstance) return value.cls.name;
  if (value instanceof PyGlobalRef) return "type";
  if (Array.isArray(value) && !(value instanceof PyTuple)) return "list";
  const declared = (value as { constructor?: { pythonType?: unknown } }).constructor?.pythonType;
  if (typeof declared === "string") return declared.replace(/^builtins\./, "");
  return typeof value === "function" ? "function" : "object";
}

function lastPart(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.lastIndexOf(".") + 1);
}

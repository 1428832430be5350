// The members of torch.Tensor and numpy.ndarray that weightscope implements, with signature and doc each.
import type { MemberSpec } from "./classes.js";

const builtin = (signature: string, doc: string): MemberSpec => ({ kind: "builtin", signature, doc });
const property = (doc: string): MemberSpec => ({ kind: "property", doc });
const cast = (name: string, dtype: string): MemberSpec =>
  builtin(`${name}(memory_format=torch.preserve_format) -> Tensor`, `This tensor as ${dtype}: the tensor itself when it already is, otherwise a converted copy.`);

/** torch.Tensor, as far as weightscope's Tensor has it. Signatures are the first line of torch's own docs. */
export const tensorMembers: Readonly<Record<string, MemberSpec>> = {
  T: property("The tensor with its dimensions in reverse order (a view, no copy)."),
  add_: builtin("add_(other, *, alpha=1) -> Tensor", "Adds alpha times other (a number, or a tensor that broadcasts to this shape) in place; returns this tensor."),
  bfloat16: cast("bfloat16", "bfloat16"),
  bool: cast("bool", "bool"),
  byte: cast("byte", "uint8"),
  char: cast("char", "int8"),
  clone: builtin("clone(*, memory_format=torch.preserve_format) -> Tensor", "A copy of the tensor in a storage of its own; a dense tensor keeps its strides."),
  contiguous: builtin("contiguous(memory_format=torch.contiguous_format) -> Tensor", "The tensor itself when its elements are already in row-major order, otherwise a row-major copy."),
  copy_: builtin("copy_(src, non_blocking=False) -> Tensor", "Overwrites this tensor's elements with those of src (same shape), converting to this dtype; returns this tensor."),
  detach: builtin("detach()", "The same storage and geometry without autograd flags: what state_dict() hands out."),
  dim: builtin("dim() -> int", "The number of dimensions."),
  div_: builtin("div_(value, *, rounding_mode=None) -> Tensor", "Divides in place by a number or a broadcasting tensor: true division (floating-point tensors only), or rounded toward zero or down with rounding_mode 'trunc' or 'floor'."),
  double: cast("double", "float64"),
  dtype: property("The element type. weightscope gives it as its name, such as 'float32'."),
  element_size: builtin("element_size() -> int", "Bytes per element."),
  fill_: builtin("fill_(value) -> Tensor", "Sets every element to value, converted to this dtype (refused when it does not fit); returns this tensor."),
  flatten: builtin("flatten(start_dim=0, end_dim=-1) -> Tensor", "Joins the dimensions from start_dim to end_dim into one; a view when the strides allow it."),
  float: cast("float", "float32"),
  half: cast("half", "float16"),
  int: cast("int", "int32"),
  is_contiguous: builtin("is_contiguous(memory_format=torch.contiguous_format) -> bool", "Whether the elements lie in row-major order with no gaps."),
  item: builtin("item() -> number", "The single element of a one-element tensor, as a Python number."),
  long: cast("long", "int64"),
  mul_: builtin("mul_(value) -> Tensor", "Multiplies in place by a number or a broadcasting tensor, keeping this dtype; returns this tensor."),
  ndim: property("The number of dimensions (the same as dim())."),
  normal_: builtin("normal_(mean=0, std=1, *, generator=None) -> Tensor", "Refills this floating-point tensor with normal draws from torch's generator (the same numbers as torch after the same seed)."),
  numel: builtin("numel() -> int", "The number of elements: the product of the sizes."),
  numpy: builtin("numpy(*, force=False) -> numpy.ndarray", "A numpy array over the same storage (no copy): writing to one shows in the other. Refused for a tensor that requires grad and for dtypes numpy lacks."),
  permute: builtin("permute(*dims) -> Tensor", "A view with the dimensions reordered: dimension i of the result is dimension dims[i] of this tensor."),
  requires_grad: property("Whether autograd tracks this tensor; True for parameters read from a module."),
  reshape: builtin("reshape(*shape) -> Tensor", "The same elements in a new shape (one size may be -1): a view when the strides allow it, otherwise a copy."),
  select: builtin("select(dim, index) -> Tensor", "The slice at index along dim, with that dimension removed (a view)."),
  shape: property("The sizes of the dimensions, as a torch.Size."),
  short: cast("short", "int16"),
  size: builtin("size(dim=None) -> torch.Size or int", "The shape as a torch.Size, or the size of one dimension when dim is given."),
  squeeze: builtin("squeeze(dim=None) -> Tensor", "A view without dimensions of size 1 (all of them, or only dim)."),
  storage_offset: builtin("storage_offset() -> int", "Where the first element sits in the storage, counted in elements."),
  stride: builtin("stride(dim) -> tuple or int", "The step in elements between neighbours along each dimension, or along dim."),
  sub_: builtin("sub_(other, *, alpha=1) -> Tensor", "Subtracts alpha times other (a number, or a tensor that broadcasts to this shape) in place; returns this tensor."),
  to: builtin("to(*args, **kwargs) -> Tensor", "This tensor in another dtype (given by name, such as 'float16'): itself when it already has it, otherwise a copy."),
  tolist: builtin("tolist() -> list or number", "The elements as nested Python lists (a plain number for a 0-d tensor)."),
  transpose: builtin("transpose(dim0, dim1) -> Tensor", "A view with two dimensions swapped."),
  uniform_: builtin("uniform_(from=0, to=1) -> Tensor", "Refills this floating-point tensor with uniform draws in [from, to) from torch's generator (the same numbers as torch after the same seed)."),
  unsqueeze: builtin("unsqueeze(dim) -> Tensor", "A view with a new dimension of size 1 inserted at dim."),
  view: builtin("view(*shape) -> Tensor", "The same storage seen in a new shape; refused when that would need a copy (use reshape)."),
  zero_: builtin("zero_() -> Tensor", "Sets every element to zero; returns this tensor."),
};

/**
 * numpy.ndarray, as far as weightscope's NDArray has it. Signatures are the first line of numpy's own docs.
 * The operator spellings (add, sub, mul, div, abs) stand in for `a + b` and the other operators
 * JavaScript lacks; they are left out here because Python's dir() has no such names.
 */
export const ndarrayMembers: Readonly<Record<string, MemberSpec>> = {
  T: property("The array with its axes in reverse order (a view)."),
  argmax: builtin("a.argmax(axis=None, out=None, *, keepdims=False)", "The index of the first largest element, counted in the flattened array unless axis is given."),
  argmin: builtin("a.argmin(axis=None, out=None, *, keepdims=False)", "The index of the first smallest element, counted in the flattened array unless axis is given."),
  astype: builtin("a.astype(dtype, order='K', casting='unsafe', subok=True, copy=True)", "A copy converted to another dtype, given by name such as 'float16'."),
  copy: builtin("a.copy(order='C')", "A row-major copy in new memory."),
  dtype: property("The element type, a numpy dtype object: it prints as dtype('float32')."),
  flatten: builtin("a.flatten(order='C')", "A one-dimensional copy of the elements in row-major order."),
  item: builtin("a.item(*args)", "The single element of a one-element array, as a Python number."),
  itemsize: property("Bytes per element."),
  max: builtin("a.max(axis=None, out=None, keepdims=False, initial=<no value>, where=True)", "The largest element, or the largest along axis; NaN wins, as in numpy."),
  mean: builtin("a.mean(axis=None, dtype=None, out=None, keepdims=False, *, where=True)", "The mean of the elements, or along axis: ints in float64, floats in their own precision."),
  min: builtin("a.min(axis=None, out=None, keepdims=False, initial=<no value>, where=True)", "The smallest element, or the smallest along axis; NaN wins, as in numpy."),
  nbytes: property("Bytes the elements take: size times itemsize."),
  ndim: property("The number of axes."),
  reshape: builtin("a.reshape(shape, order='C')", "The same elements in a new shape (one size may be -1): a view when possible, otherwise a copy."),
  shape: property("The length of each axis, as a tuple."),
  size: property("The number of elements."),
  strides: property("The step in bytes between neighbours along each axis, as a tuple."),
  sum: builtin("a.sum(axis=None, dtype=None, out=None, keepdims=False, initial=0, where=True)", "The sum of the elements, or along axis, added in numpy's order (pairwise) and dtype (ints as int64)."),
  tolist: builtin("a.tolist()", "The elements as nested Python lists (a plain number for a 0-d array)."),
  transpose: builtin("a.transpose(*axes)", "A view with the axes reordered by axes, or reversed when none are given."),
};

// The copy routine's one error kind: a pair of layers (or a whole model) that cannot take the other's weights.
import { WeightscopeError } from "../errors.js";

/** A transfer refused before anything was written: the place names the first pair that does not fit. */
export class TransferError extends WeightscopeError {}

/**
 * Thrown inside a rule when a pair does not fit; transfer() turns it into a TransferError that names the
 * pair. Rules know the reason, only the walk over the pairs knows the place.
 */
export class RuleMismatch extends Error {}

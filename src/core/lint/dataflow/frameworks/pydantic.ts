import type { FrameworkEntryPoints } from "./types";

/** Pydantic's constrained types (FastAPI and Typer parameters, models' fields). */
const NUMERIC_TYPES = [
  "PositiveInt",
  "NegativeInt",
  "NonNegativeInt",
  "NonPositiveInt",
  "StrictInt",
  "StrictBool",
  "StrictFloat",
];

export const pydantic: FrameworkEntryPoints = {
  name: "pydantic",
  safeTypes: NUMERIC_TYPES.flatMap((name) => [`pydantic.${name}`, `pydantic.types.${name}`]),
  safeTypeCalls: ["pydantic.conint", "pydantic.confloat", "pydantic.types.conint", "pydantic.types.confloat"],
};

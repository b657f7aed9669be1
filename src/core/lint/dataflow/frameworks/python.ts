import type { FrameworkEntryPoints } from "./types";

/** Python's own types and typing forms, as the frameworks that validate annotations read them. */
export const python: FrameworkEntryPoints = {
  name: "python",
  safeTypes: [
    "int",
    "float",
    "bool",
    "complex",
    "uuid.UUID",
    "datetime.datetime",
    "datetime.date",
    "datetime.time",
    "datetime.timedelta",
    "decimal.Decimal",
    "ipaddress.IPv4Address",
    "ipaddress.IPv6Address",
  ],
  literalTypes: ["typing.Literal", "typing_extensions.Literal"],
  optionalTypes: ["typing.Optional", "typing_extensions.Optional"],
  unionTypes: ["typing.Union", "typing_extensions.Union"],
  annotatedTypes: ["typing.Annotated", "typing_extensions.Annotated"],
};

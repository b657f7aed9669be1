import { aiohttp } from "./aiohttp";
import { bottle } from "./bottle";
import { click, typer } from "./click";
import { django } from "./django";
import { falcon } from "./falcon";
import { fastapi } from "./fastapi";
import { flask } from "./flask";
import { pydantic } from "./pydantic";
import { pytest } from "./pytest";
import { python } from "./python";
import { sanic } from "./sanic";
import { tornado } from "./tornado";
import type { FrameworkEntryPoints, RouteVariableSyntax } from "./types";

export type { FrameworkEntryPoints, RouteVariableSyntax, ViewClasses } from "./types";

/** Every framework the lint knows; each has a golden fixture, test/fixtures/lint/frameworks/<name>.py. */
export const FRAMEWORKS: readonly FrameworkEntryPoints[] = [
  flask,
  django,
  fastapi,
  aiohttp,
  bottle,
  sanic,
  tornado,
  falcon,
  click,
  typer,
  pytest,
  python,
  pydantic,
];

/** A view-class family: the bases that make a class one and the methods that handle its requests. */
export interface ViewClassFamily {
  readonly bases: ReadonlySet<string>;
  readonly baseNameEndings: readonly string[];
  readonly verbMethods: ReadonlySet<string>;
}

/** The tables merged, as the engine reads them. */
export interface EntryPointTables {
  readonly routeDecoratorMethods: ReadonlySet<string>;
  readonly routeDecorators: ReadonlySet<string>;
  readonly routeVariables: readonly RouteVariableSyntax[];
  readonly staticRouteAttributes: ReadonlySet<string>;
  readonly viewClasses: readonly ViewClassFamily[];
  readonly requestParameters: ReadonlySet<string>;
  readonly commandDecorators: ReadonlySet<string>;
  readonly commandDecoratorMethods: ReadonlySet<string>;
  readonly injectedDefaults: ReadonlySet<string>;
  readonly fixtureDecorators: ReadonlySet<string>;
  readonly testFunctionPrefixes: readonly string[];
  readonly safeTypes: ReadonlySet<string>;
  readonly safeTypeCalls: ReadonlySet<string>;
  readonly literalTypes: ReadonlySet<string>;
  readonly optionalTypes: ReadonlySet<string>;
  readonly unionTypes: ReadonlySet<string>;
  readonly annotatedTypes: ReadonlySet<string>;
}

export function mergeFrameworks(frameworks: readonly FrameworkEntryPoints[]): EntryPointTables {
  const all = <T>(pick: (framework: FrameworkEntryPoints) => readonly T[] | undefined): T[] => [
    ...new Set(frameworks.flatMap((framework) => pick(framework) ?? [])),
  ];
  return {
    routeDecoratorMethods: new Set(all((framework) => framework.routeDecoratorMethods)),
    routeDecorators: new Set(all((framework) => framework.routeDecorators)),
    routeVariables: all((framework) => (framework.routeVariables ? [framework.routeVariables] : undefined)),
    staticRouteAttributes: new Set(all((framework) => framework.staticRouteAttributes)),
    viewClasses: frameworks.flatMap(({ viewClasses }) =>
      viewClasses
        ? [
            {
              bases: new Set(viewClasses.bases),
              baseNameEndings: viewClasses.baseNameEndings,
              verbMethods: new Set(viewClasses.verbMethods),
            },
          ]
        : [],
    ),
    requestParameters: new Set(all((framework) => framework.requestParameters)),
    commandDecorators: new Set(all((framework) => framework.commandDecorators)),
    commandDecoratorMethods: new Set(all((framework) => framework.commandDecoratorMethods)),
    injectedDefaults: new Set(all((framework) => framework.injectedDefaults)),
    fixtureDecorators: new Set(all((framework) => framework.fixtureDecorators)),
    testFunctionPrefixes: all((framework) => framework.testFunctionPrefixes),
    safeTypes: new Set(all((framework) => framework.safeTypes)),
    safeTypeCalls: new Set(all((framework) => framework.safeTypeCalls)),
    literalTypes: new Set(all((framework) => framework.literalTypes)),
    optionalTypes: new Set(all((framework) => framework.optionalTypes)),
    unionTypes: new Set(all((framework) => framework.unionTypes)),
    annotatedTypes: new Set(all((framework) => framework.annotatedTypes)),
  };
}

export const ENTRY_POINT_TABLES: EntryPointTables = mergeFrameworks(FRAMEWORKS);

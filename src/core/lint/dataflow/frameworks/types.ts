/**
 * What a framework makes of a function: which functions are entry points whose parameters an attacker chooses
 * (routes, view methods, command-line commands), which are not (tests, fixtures), and which parameters the
 * framework fills itself or validates (injected dependencies, typed route variables). One table per framework
 * (frameworks/<name>.ts), merged by frameworks/index.ts; the engine (dataflow/entryPoints.ts) only reads them.
 *
 * Names are import-resolved dotted names, as NameResolver gives them: `from click import command` makes
 * `@command()` `click.command`, `app = typer.Typer()` makes `@app.command()` `typer.Typer().command`. When the
 * file's imports cannot tell (the import is outside the linted text, as in a snippet), a name as written matches
 * an entry it ends (`Depends` is `fastapi.Depends`, `params.Depends` is `fastapi.params.Depends`).
 */
export interface FrameworkEntryPoints {
  /** The framework (and the libraries of its family the table covers). */
  readonly name: string;
  /**
   * Decorator methods that register a web route, on whatever object: the app, router or blueprint (`@app.get`,
   * `@router.post`, `@bp.route`) is often built in another module or passed around, so it is matched by the method's
   * name, not by resolving the object's type.
   */
  readonly routeDecoratorMethods?: readonly string[];
  /** Decorators (resolved names) that register a route on the framework's default app: Bottle's `@route("/x")`. */
  readonly routeDecorators?: readonly string[];
  /** How the route strings of the decorators above declare typed variables, and which converters admit no free text. */
  readonly routeVariables?: RouteVariableSyntax;
  /**
   * Request attributes a route without variables fixes: the router calls the view for that one path only, so
   * Flask's `request.path` under `@app.route("/reports")` is "/reports", not a client's choice.
   */
  readonly staticRouteAttributes?: readonly string[];
  /** Classes whose HTTP-verb methods handle requests (their parameters are URL parts). */
  readonly viewClasses?: ViewClasses;
  /** Names of a handler's first parameter (after `self`) that make it a request handler: `def view(request, slug)`. */
  readonly requestParameters?: readonly string[];
  /** Decorators (resolved names) that make a function a command-line command: its parameters are the arguments. */
  readonly commandDecorators?: readonly string[];
  /**
   * Decorator methods that make a command on whatever object: a click group is a function decorated with
   * `@click.group()` and `@cli.command()` its method, which no import resolves.
   */
  readonly commandDecoratorMethods?: readonly string[];
  /** Calls (resolved names) whose use as a parameter default makes the framework fill the parameter. */
  readonly injectedDefaults?: readonly string[];
  /** Decorators (resolved names) of functions the test runner calls with its own values, never callers' data. */
  readonly fixtureDecorators?: readonly string[];
  /** Name prefixes of functions the test runner calls (with fixtures, not callers' data). */
  readonly testFunctionPrefixes?: readonly string[];
  /**
   * Parameter types (resolved names) that admit no free text, a number, a UUID, a date: `user_id: int`. FastAPI,
   * Typer and Pydantic convert or reject the value before the function runs.
   */
  readonly safeTypes?: readonly string[];
  /** Calls that build such a type: Pydantic's `conint(gt=0)`. */
  readonly safeTypeCalls?: readonly string[];
  /** `Literal["a", "b"]`: one of the listed constants. */
  readonly literalTypes?: readonly string[];
  /** `Optional[T]`: T or None. */
  readonly optionalTypes?: readonly string[];
  /** `Union[T, U]`: each of its types (`T | U` is one too). */
  readonly unionTypes?: readonly string[];
  /** `Annotated[T, metadata...]`: T; an injected default among the metadata (`Depends(f)`) fills the parameter. */
  readonly annotatedTypes?: readonly string[];
}

export interface RouteVariableSyntax {
  /** Delimiters of a variable in a route string: `<` `>` for Werkzeug's `<int:id>`, `{` `}` for Starlette's `{id:int}`. */
  readonly open: string;
  readonly close: string;
  /** Which side of the `:` names the converter: `<int:id>` (Werkzeug) or `{id:int}` (Starlette). */
  readonly converterFirst: boolean;
  /** Converters whose values are numbers or UUIDs: the router rejects anything else before the handler runs. */
  readonly safeConverters: readonly string[];
}

export interface ViewClasses {
  /** Base classes (resolved names). */
  readonly bases: readonly string[];
  /**
   * Endings of a base class's name that mark a view class whatever module it comes from: the frameworks' own
   * families (`ListAPIView`, `ModelViewSet`) and projects' base classes named after them (`BaseView`).
   */
  readonly baseNameEndings: readonly string[];
  /** The methods that handle a request's HTTP verb. */
  readonly verbMethods: readonly string[];
}

/** HTTP verbs as lowercase method names, the way most class-based views spell their handlers. */
export const HTTP_VERB_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;

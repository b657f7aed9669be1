import type { FrameworkEntryPoints } from "./types";

/** pytest: tests and fixtures are called by the runner with fixtures, not with callers' data. */
export const pytest: FrameworkEntryPoints = {
  name: "pytest",
  fixtureDecorators: ["pytest.fixture", "pytest_asyncio.fixture"],
  testFunctionPrefixes: ["test_"],
};

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildPrompt, type PromptWorkspace } from "../../../src/core/prompt";
import { DEFAULT_WORKSPACE_TOKENS } from "../../../src/core/workspace/context";
import { MAX_USES_PER_MODULE, summarizeModule, WorkspaceIndex } from "../../../src/core/workspace/workspaceIndex";
import { countTokens, splitAtCursor } from "../prompt/fixtures";

const stubsFixtures = path.join(__dirname, "../../../../test/fixtures/workspace-stubs");

async function indexOf(sources: Record<string, string>): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex();
  for (const [file, source] of Object.entries(sources)) index.set(await summarizeModule(file, source));
  return index;
}

/** The prompt at █ of `source` (the file `file` of the workspace), and its stable prefix. */
async function promptAt(index: WorkspaceIndex, file: string, source: string, maxTokens = 320, tokenBudget?: number) {
  const { text, offset } = splitAtCursor(source);
  const workspace: PromptWorkspace = { index, file, maxTokens };
  const built = await buildPrompt({ text, offset, countTokens, tokenBudget, workspace });
  return { ...built, stable: built.prompt.slice(0, built.stablePrefixLength) };
}

/** The workspace block: the prompt up to the current file's own header. */
function blockOf(prompt: string, file: string): string {
  const header = `# file: ${file}\n`;
  const at = prompt.indexOf(header);
  return at < 0 ? "" : prompt.slice(0, at);
}

describe("workspace context in the prompt", () => {
  const models = fs.readFileSync(path.join(stubsFixtures, "models.py"), "utf8");
  const cart = "from .models import Item\nfrom . import cart\n\n\ndef checkout(items: list[Item]):\n    █";
  let index: WorkspaceIndex;
  before(async () => {
    index = await indexOf({
      "shop/__init__.py": "",
      "shop/models.py": models,
      "shop/cart.py": cart.replace("█", ""),
      "shop/a.py": "from .b import g\n\ndef f(): ...\n",
      "shop/b.py": "from .a import f\n\ndef g(): ...\n",
      "shop/api.py": "from .models import Item as Product\nfrom .models import *\n",
      "shop/helpers.py":
        "def slugify(text): ...\ndef money(amount, currency): ...\ndef _private(): ...\nPAGE_SIZE = 20\n",
    });
  });

  it("holds the imported class's methods under its file header, then the current file's header; never the current file", async () => {
    const { prompt, stable } = await promptAt(index, "shop/cart.py", cart);
    assert.ok(prompt.startsWith("# file: shop/models.py\n@dataclass\nclass Item:\n"), prompt);
    assert.match(prompt, /def total\(self, quantity: int, discount: float = 0.0\) -> float:/);
    assert.match(stable, /\n# file: shop\/cart\.py\nfrom \.models import Item\n/);
    assert.equal(prompt.split("# file: shop/cart.py").length, 2, "the current file appears once, as itself");
  });

  it("does not change the stable prefix while the user types inside a body", async () => {
    const before = (await promptAt(index, "shop/cart.py", cart)).stable;
    for (const typed of [
      "to",
      "total = 0\n    for item in items:\n        total += item.to",
      "return sum(i.total(1) for i in items if i.name == helpers.slug",
    ]) {
      assert.equal((await promptAt(index, "shop/cart.py", cart.replace("█", `${typed}█`))).stable, before, typed);
    }
  });

  it("changes when the imports change, and when an imported module changes in the index", async () => {
    const before = (await promptAt(index, "shop/cart.py", cart)).stable;
    const withHelpers = (await promptAt(index, "shop/cart.py", `from . import helpers\n${cart}`)).stable;
    assert.notEqual(withHelpers, before);
    assert.match(withHelpers, /# file: shop\/helpers\.py\ndef slugify\(text\): \.\.\.\n/);
    const changed = await indexOf({ "shop/models.py": "class Item:\n    def weight(self) -> float: ...\n" });
    assert.match((await promptAt(changed, "shop/cart.py", cart)).stable, /def weight\(self\) -> float: \.\.\./);
  });

  it("puts what the signature and docstring name first, then imported names the file does not use yet, then what other code uses, then the rest of a module", async () => {
    const source = [
      "from . import helpers",
      "from .models import load_items, Item, DEFAULT_CURRENCY",
      "",
      "",
      "def label(item):",
      "    return helpers.money(item.price, DEFAULT_CURRENCY)",
      "",
      "",
      "def catalogue(path) -> list:",
      '    """Every Item of the file, by name."""',
      "    █",
    ].join("\n");
    const block = blockOf((await promptAt(index, "shop/views.py", source)).prompt, "shop/views.py");
    const order = [
      "class Item",
      "def load_items",
      "DEFAULT_CURRENCY = ...",
      "def money",
      "def slugify",
      "PAGE_SIZE = ...",
    ].map((text) => block.indexOf(text));
    assert.ok(
      order.every((at) => at >= 0),
      block,
    );
    // Item (docstring) > load_items (imported, not used yet) > DEFAULT_CURRENCY (used in label); helpers.money (used) > the rest of helpers.
    assert.ok(order[0] < order[1] && order[1] < order[2], block);
    assert.ok(order[3] < order[4] && order[4] < order[5], block);
    assert.ok(
      block.indexOf("# file: shop/models.py") < block.indexOf("# file: shop/helpers.py"),
      "sections ordered by their best definition",
    );
    assert.doesNotMatch(block, /_private/);
  });

  it("ranks what the other methods of the class being written use above what the rest of the file uses", async () => {
    const ranked = await indexOf({
      "things.py": "class Thing:\n    def spin(self) -> None: ...\n",
      "pool.py": "class Pool:\n    def take(self) -> int: ...\n",
    });
    const source = [
      "from things import Thing",
      "from pool import Pool",
      "",
      "",
      "def make():",
      "    return Thing()",
      "",
      "",
      "class Client:",
      "    def __init__(self):",
      "        self.pool = Pool()",
      "",
      "    def fetch(self):",
      "        █",
    ].join("\n");
    const block = blockOf((await promptAt(ranked, "client.py", source)).prompt, "client.py");
    assert.ok(block.indexOf("class Pool") >= 0 && block.indexOf("class Pool") < block.indexOf("class Thing"), block);
  });

  it("follows a class with its bases, from the module that defines them, as relevant as it is", async () => {
    const inheriting = await indexOf({
      "sessions.py":
        "class SessionInterface:\n    def open_session(self, app, request): ...\n    def save_session(self, app, session, response): ...\n",
      "secure.py":
        "from sessions import SessionInterface\n\n\nclass SecureSessionInterface(SessionInterface):\n    salt = 'cookie-session'\n",
      "other.py": "class Other:\n    def go(self): ...\n",
    });
    const source =
      "from other import Other\nfrom secure import SecureSessionInterface\n\n\ndef handle(interface: SecureSessionInterface, other: Other):\n    █";
    const block = blockOf((await promptAt(inheriting, "app.py", source)).prompt, "app.py");
    assert.match(
      block,
      /# file: secure\.py\nclass SecureSessionInterface\(SessionInterface\):\n    salt = \.\.\.\n\n# file: sessions\.py\nclass SessionInterface:\n    def open_session\(self, app, request\): \.\.\.\n/,
      block,
    );
    assert.ok(
      block.indexOf("class Other") < block.indexOf("class SecureSessionInterface"),
      "import order within a tier",
    );
  });

  it("follows aliases and star imports, renders each module of a cyclic import once", async () => {
    const viaAlias = blockOf(
      (await promptAt(index, "shop/x.py", "from .models import Item as Product\n\n\ndef f(p: Product):\n    █")).prompt,
      "shop/x.py",
    );
    assert.match(viaAlias, /^# file: shop\/models\.py\n@dataclass\nclass Item:/);
    const viaStar = blockOf(
      (await promptAt(index, "shop/x.py", "from .helpers import *\n\n\ndef f():\n    █")).prompt,
      "shop/x.py",
    );
    assert.match(viaStar, /def money\(amount, currency\)/);
    const cyclic = blockOf(
      (await promptAt(index, "shop/a.py", "from .b import g\n\n\ndef f():\n    █")).prompt,
      "shop/a.py",
    );
    assert.equal(cyclic, "# file: shop/b.py\ndef g(): ...\n\n");
  });

  it("finds a class a package re-exports from its submodule", async () => {
    const reexporting = await indexOf({
      "pkg/__init__.py": "from .core import Engine\n",
      "pkg/core.py": "class Engine:\n    def start(self, speed: int) -> None: ...\n",
    });
    const { prompt } = await promptAt(
      reexporting,
      "app.py",
      "from pkg import Engine\n\n\ndef run(engine: Engine):\n    █",
    );
    assert.match(prompt, /^# file: pkg\/core\.py\nclass Engine:\n    def start\(self, speed: int\) -> None: \.\.\.\n/);
  });

  it("stays within phiPair.workspace.maxTokens and the prompt budget; the body keeps its share", async () => {
    const long = Array.from(
      { length: 80 },
      (_, i) => `def helper_${i}(value: int, other: str = "") -> int:\n    """Helper number ${i}."""\n`,
    ).join("");
    const big = await indexOf({ "lib.py": long });
    const body = Array.from({ length: 30 }, (_, i) => `    step_${i} = compute(${i})`).join("\n");
    for (const maxTokens of [40, 120, 320]) {
      const built = await promptAt(big, "app.py", `import lib\n\n\ndef f():\n${body}\n    █`, maxTokens);
      const block = blockOf(built.prompt, "app.py");
      assert.ok(countTokens(block) <= maxTokens, `${countTokens(block)} > ${maxTokens}`);
      assert.ok(built.promptTokens <= 1024);
      assert.match(built.prompt, /step_29 = compute\(29\)\n$/, "the body so far is kept whole");
    }
    assert.equal(
      blockOf((await promptAt(big, "app.py", "import lib\n\n\ndef f():\n    █", 0)).prompt, "app.py"),
      "",
      "0 turns it off",
    );
    assert.ok(!(await promptAt(big, "app.py", "import lib\n\n\ndef f():\n    █", 0)).prompt.includes("# file:"));
  });

  it("uses the compact form of a class that does not fit whole", async () => {
    const { prompt } = await promptAt(index, "shop/cart.py", cart, 80);
    assert.match(
      prompt,
      /^# file: shop\/models\.py\n@dataclass\nclass Item:\n    name: str\n    price: float\n    def total\(self, quantity: int, discount: float = 0\.0\) -> float: \.\.\.\n/,
    );
  });

  it("names the members of a class too large for the block, within a share of it, then shows its first members whole with what the rest leave", async () => {
    const methods = Array.from(
      { length: 60 },
      (_, i) => `    def method_${i}(self, value: int) -> int:\n        return value\n`,
    ).join("");
    const large = await indexOf({
      "loop.py": `class EventLoop:\n${methods}`,
      "helpers.py": "def slugify(text: str) -> str: ...\n",
    });
    const source = "from loop import EventLoop\nfrom helpers import slugify\n\n\ndef run(loop: EventLoop):\n    █";
    const block = blockOf((await promptAt(large, "app.py", source, 200)).prompt, "app.py");
    assert.match(
      block,
      /^# file: loop\.py\nclass EventLoop:\n    def method_0\(self, value: int\) -> int: \.\.\.\n(.*\n)*    # more members: method_\d+, /,
      block,
    );
    assert.match(
      block,
      /\n# file: helpers\.py\ndef slugify\(text: str\) -> str: \.\.\.\n/,
      "the next import has its place",
    );
    assert.doesNotMatch(block, /method_59/);
    assert.ok(countTokens(block) <= 200, `${countTokens(block)} tokens`);
    // With no room left after the other definitions, the class is its header and member names.
    const crowded = await indexOf({
      "loop.py": `class EventLoop:\n${methods}`,
      "helpers.py": Array.from({ length: 12 }, (_, i) => `def helper_${i}(text: str) -> str: ...\n`).join(""),
    });
    const names = Array.from({ length: 12 }, (_, i) => `helper_${i}`).join(", ");
    const crowdedBlock = blockOf(
      (
        await promptAt(
          crowded,
          "app.py",
          `from loop import EventLoop\nfrom helpers import ${names}\n\n\ndef run(loop: EventLoop):\n    █`,
          120,
        )
      ).prompt,
      "app.py",
    );
    assert.match(
      crowdedBlock,
      /^# file: loop\.py\nclass EventLoop: \.\.\.  # members: method_0, method_1, method_2, /,
      crowdedBlock,
    );
  });

  it("shows the first members of a class whole where the block has room, and names the rest; never dunders or a name twice", async () => {
    const methods = Array.from(
      { length: 12 },
      (_, i) =>
        `    def method_${i}(self, value: int, scale: float = 1.0, label: str | None = None) -> int:\n        return value\n`,
    ).join("");
    const properties =
      "    @property\n    def size(self) -> int: ...\n    @size.setter\n    def size(self, value: int): ...\n";
    const large = await indexOf({ "loop.py": `class EventLoop:\n    def __len__(self): ...\n${methods}${properties}` });
    const block = blockOf(
      (await promptAt(large, "app.py", "from loop import EventLoop\n\n\ndef run(loop: EventLoop):\n    █", 200)).prompt,
      "app.py",
    );
    assert.match(
      block,
      /^# file: loop\.py\nclass EventLoop:\n    def __len__\(self\): \.\.\.\n    def method_0\(self, value: int, scale: float = 1\.0, label: str \| None = None\) -> int: \.\.\.\n(.*\n)*    # more members: (method_\d+, )+method_11, size\n\n$/,
      block,
    );
  });

  it("names the functions of a module imported whole that the file does not use on the section's last line, while their signatures do not fit", async () => {
    const functions = Array.from(
      { length: 40 },
      (_, i) => `def helper_${i}(value: int, other: str = "", *, scale: float = 1.0) -> int: ...\n`,
    ).join("");
    const lib = await indexOf({ "lib.py": `${functions}class Settings:\n    debug: bool = False\n` });
    const tight = blockOf((await promptAt(lib, "app.py", "import lib\n\n\ndef f():\n    █", 120)).prompt, "app.py");
    assert.match(
      tight,
      /^# file: lib\.py\n(def helper_0\(.*\n)*(.*\n)*# defines: (helper_\d+, )*helper_\d+\n\n$/,
      tight,
    );
    assert.ok(countTokens(tight) <= 120, `${countTokens(tight)} tokens`);
    const roomy = blockOf((await promptAt(lib, "app.py", "import lib\n\n\ndef f():\n    █", 480)).prompt, "app.py");
    assert.match(
      roomy,
      /^# file: lib\.py\ndef helper_0\(value: int, other: str = "", \*, scale: float = 1\.0\) -> int: \.\.\.\n/,
    );
  });

  it("counts the modules that use a name, not the one defining it, as modules come, change and go", async () => {
    const counted = await indexOf({
      "lib.py": "def parse(text): ...\nclass Retry:\n    def increment(self): ...\n    def sleep(self): ...\n",
      "a.py": "from lib import parse, Retry\n\nparse(Retry().increment())\n",
      "b.py": "import lib\n\nlib.parse('x')\n",
    });
    assert.deepEqual(
      ["parse", "Retry", "increment", "sleep", "lib"].map((name) => counted.uses(name)),
      [2, 1, 1, 0, 2],
    );
    counted.set(await summarizeModule("b.py", "import lib\n\nlib.Retry().sleep()\n"));
    assert.deepEqual(
      ["parse", "Retry", "sleep"].map((name) => counted.uses(name)),
      [1, 2, 1],
    );
    const generated = Array.from({ length: MAX_USES_PER_MODULE + 50 }, (_, i) => `print(name_${i})`).join("\n");
    assert.equal((await summarizeModule("generated.py", generated)).uses.length, MAX_USES_PER_MODULE, "bounded");
    counted.delete("a.py");
    assert.deepEqual(
      ["parse", "Retry", "increment"].map((name) => counted.uses(name)),
      [0, 1, 0],
    );
  });

  it("within a relevance, offers first what more of the workspace uses: a module's names and a class's members", async () => {
    const used = await indexOf({
      "lib.py": [
        "def rarely(value: int) -> int: ...",
        "def often(value: int) -> int: ...",
        "class Retry:",
        "    def parse_retry_after(self, value: str) -> float: ...",
        "    def increment(self, error: Exception | None = None) -> 'Retry': ...",
        "",
      ].join("\n"),
      ...Object.fromEntries(
        ["a", "b", "c"].map((name) => [`${name}.py`, "import lib\n\nlib.often(1)\nlib.Retry().increment()\n"]),
      ),
    });
    const block = blockOf(
      (await promptAt(used, "app.py", "import lib\n\n\ndef f(retry: lib.Retry):\n    █")).prompt,
      "app.py",
    );
    assert.ok(block.indexOf("def often") >= 0 && block.indexOf("def often") < block.indexOf("def rarely"), block);
    const tight = blockOf(
      (await promptAt(used, "app.py", "import lib\n\n\ndef f(retry: lib.Retry):\n    █", 40)).prompt,
      "app.py",
    );
    assert.match(tight, /class Retry: \.\.\.  # members: increment/, tight);
  });

  it("keeps half of its block beside a docstring that would crowd it out, cutting the docstring's middle lines instead", async () => {
    const docstring = Array.from({ length: 120 }, (_, i) => `    Detail ${i} of what the function does and why.`);
    const source = [
      "from .models import Item",
      "",
      "",
      "def price(item: Item, quantity: int) -> float:",
      '    """Price of `quantity` items.',
      "",
      ...docstring,
      '    """',
      "    █",
    ].join("\n");
    const built = await promptAt(index, "shop/pricing.py", source);
    const block = blockOf(built.prompt, "shop/pricing.py");
    assert.match(block, /^# file: shop\/models\.py\n@dataclass\nclass Item:/, built.prompt);
    assert.ok(countTokens(block) <= DEFAULT_WORKSPACE_TOKENS * 0.75, `${countTokens(block)} tokens`);
    assert.match(
      built.prompt,
      /def price\(item: Item, quantity: int\) -> float:\n    """Price of `quantity` items\.\n/,
    );
    assert.match(
      built.prompt,
      /\n    Detail \d+ of what the function does and why\.\n    """\n$/,
      "the docstring still closes",
    );
    assert.ok(built.promptTokens <= 1024);
    const details = (prompt: string) => prompt.split("Detail ").length - 1;
    const alone = await promptAt(new WorkspaceIndex(), "shop/pricing.py", source);
    assert.equal(blockOf(alone.prompt, "shop/pricing.py"), "");
    assert.ok(
      details(built.prompt) < details(alone.prompt) && details(alone.prompt) < docstring.length,
      `${details(built.prompt)} lines of the docstring beside the block, ${details(alone.prompt)} without`,
    );
  });

  it("has one default size: phiPair.workspace.maxTokens's in package.json is the CLI's and the bench's", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../../package.json"), "utf8")) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    const setting = manifest.contributes.configuration.properties["phiPair.workspace.maxTokens"];
    assert.equal(setting?.default, DEFAULT_WORKSPACE_TOKENS);
  });

  it("leaves the prompt as before for files that import nothing from the workspace", async () => {
    const source = "import os\n\n\ndef f():\n    █";
    const { text, offset } = splitAtCursor(source);
    const alone = await buildPrompt({ text, offset, countTokens });
    assert.equal((await promptAt(index, "shop/x.py", source)).prompt, alone.prompt);
  });
});

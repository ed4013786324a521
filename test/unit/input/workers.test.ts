import { expect } from "chai";
import { renderMarkdown } from "../../../src/domain/portfolio/markdown.js";
import { MarkdownRenderer } from "../../../src/workers/markdown-renderer.js";
import { WorkerPool, WorkerTaskError } from "../../../src/workers/pool.js";

describe("worker pool", () => {
  let pool: WorkerPool;
  before(() => {
    pool = new WorkerPool({ size: 1 });
  });
  after(() => pool.close());

  it("renders Markdown and diffs in a worker thread, in order", async () => {
    const [html] = await pool.run("markdown", ["**gras** <script>x</script>"]);
    expect(html).to.equal(renderMarkdown("**gras** <script>x</script>").toHTML());
    const [same, different] = await pool.run("diff", [
      { before: "un deux", after: "un trois" },
      { before: "a ".repeat(3000), after: "b ".repeat(3000) },
    ]);
    expect(same?.some((change) => change.added && change.value === "trois")).to.equal(true);
    expect(different).to.equal(null);
    expect(pool.completed("markdown")).to.equal(1);
  });

  it("fails a task with malformed input without losing the worker", async () => {
    let failure: unknown = null;
    try {
      // What another thread could send: the worker parses its input instead of trusting the type.
      await pool.run("markdown", [42] as unknown as string[]);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(WorkerTaskError);
    expect(await pool.run("markdown", ["ok"])).to.deep.equal(["<p>ok</p>\n"]);
  });
});

describe("MarkdownRenderer", () => {
  it("renders long texts once, in the pool, and short ones inline", async () => {
    const calls: string[][] = [];
    const renderer = new MarkdownRenderer(async (sources) => {
      calls.push(sources);
      return sources.map((source) => renderMarkdown(source).toHTML());
    });
    const long = "Récit. ".repeat(2000);
    const first = await renderer.render([long, "court"]);
    expect(first.html(long).toHTML()).to.equal(renderMarkdown(long).toHTML());
    expect(calls).to.have.length(1);
    const second = await renderer.render([long, "court"]);
    expect(second.html("court").toHTML()).to.equal("<p>court</p>\n");
    expect(calls).to.have.length(1);
  });
});

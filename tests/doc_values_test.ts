/**
 * Checks the values that doc-comment examples promise: a line `expr; // => value` (or `// =>
 * value` under the statement it describes) must hold. `deno test --doc` runs the examples but
 * cannot see those comments; here each example is run again with the comments turned into
 * assertions, from a file beside its source so that its relative imports still resolve.
 *
 * @module
 */
import assert from "node:assert";
import { join, relative } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const root = new URL("../", import.meta.url);
const dirs = ["ir", "dsl", "runtime", "targets", "api", "cli"];

const sources = async function* (): AsyncGenerator<string> {
  yield fromFileUrl(new URL("mod.ts", root));
  yield fromFileUrl(new URL("effect.ts", root));
  for (const dir of dirs) {
    const walk = async function* (path: string): AsyncGenerator<string> {
      for await (const e of Deno.readDir(path)) {
        const p = join(path, e.name);
        if (e.isDirectory) yield* walk(p);
        else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) yield p;
      }
    };
    yield* walk(fromFileUrl(new URL(dir, root)));
  }
};

interface Example {
  readonly line: number;
  readonly code: Array<string>;
}

/** The ```ts blocks of a file's doc comments that promise values, without their " * " margins. */
const examples = (text: string): Array<Example> => {
  const out: Array<Example> = [];
  let current: Example | undefined;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/^\s*\* ?/, "");
    if (current === undefined) {
      if (/^```ts\s*$/.test(line)) current = { line: i + 1, code: [] };
    } else if (line.startsWith("```")) {
      if (current.code.some((l) => l.includes("// =>"))) out.push(current);
      current = undefined;
    } else current.code.push(line);
  });
  return out;
};

/** The example with each `// => value` turned into an assertion on the statement it follows. */
const withChecks = (ex: Example, where: string): string => {
  const code = [...ex.code];
  for (let k = 0; k < code.length; k++) {
    const inline = /^(.*\S)\s*\/\/ => (.*)$/.exec(code[k]);
    const alone = /^\s*\/\/ => (.*)$/.exec(code[k]);
    if (!inline && !alone) continue;
    const end = alone ? k - 1 : k;
    if (alone) code[k] = "";
    else code[k] = inline![1];
    // The statement may span lines: it starts after the previous line that ends one.
    let start = end;
    while (start > 0 && !/;\s*(\/\/.*)?$/.test(code[start - 1]) && code[start - 1].trim() !== "") start--;
    const statement = code.slice(start, end + 1).join("\n").replace(/;\s*$/, "");
    const at = JSON.stringify(`${where}:${ex.line + 1 + k}`);
    const value = (alone ?? inline)![alone ? 1 : 2];
    const declared = /^\s*(?:const|let)\s+(\w+)\s*=/.exec(statement);
    code.splice(
      start,
      end + 1 - start,
      declared
        ? `${statement}; __check(${declared[1]}, ${value}, ${at});`
        : `__check(await (${statement}), ${value}, ${at});`,
      ...Array(end - start).fill(""),
    );
  }
  const imports = code.filter((l) => l.startsWith("import "));
  const body = code.filter((l) => !l.startsWith("import "));
  return [
    `import { deepEqual as __deepEqual } from "node:assert";`,
    ...imports,
    `const __check = (actual: unknown, expected: unknown, at: string) => {`,
    `  try { __deepEqual(actual, expected); } catch { throw new Error(\`\${at}: got \${Deno.inspect(actual)}\`); }`,
    `};`,
    ...body,
  ].join("\n");
};

for await (const path of sources()) {
  const found = examples(await Deno.readTextFile(path));
  if (found.length === 0) continue;
  const where = relative(fromFileUrl(root), path);
  Deno.test(`doc examples keep their promised values: ${where}`, async () => {
    for (const [i, ex] of found.entries()) {
      const file = path.replace(/\.ts$/, `.doc_check_${i}.ts`);
      await Deno.writeTextFile(file, withChecks(ex, where));
      try {
        await import(`file://${file}`);
      } catch (e) {
        assert.fail(`example at ${where}:${ex.line}: ${(e as Error).message.split("\n")[0]}`);
      } finally {
        if (!Deno.env.get("KEEP_DOC_CHECKS")) await Deno.remove(file);
      }
    }
  });
}

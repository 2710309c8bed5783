import assert from "node:assert/strict";
import { Effect } from "effect";
import * as Data from "effect/Data";
import { decodeError, encodeError, type ErrorData } from "./failure_codec.ts";
import { BadInput, CodeNotFound, PeFailure, WorkerFailure } from "./errors.ts";
import { decode, encode } from "./wire.ts";

class MyError extends Data.TaggedError("MyError")<{ readonly code: number }> {}
class WithMessage
  extends Data.TaggedError("WithMessage")<{ readonly message: string; readonly cause?: unknown }> {}

/** The two ways an error crosses a process boundary. */
const crossings: Array<[string, (d: ErrorData) => ErrorData]> = [
  ["structured clone", (d) => structuredClone(d)],
  ["wire", (d) => decode(encode(d)) as ErrorData],
];

const across = (e: unknown, cross: (d: ErrorData) => ErrorData): unknown =>
  decodeError(cross(encodeError(e)));

for (const [how, cross] of crossings) {
  Deno.test(`${how}: an Effect tagged error keeps its _tag, name, fields, message and stack`, async () => {
    const original = new MyError({ code: 42 });
    const e = across(original, cross) as MyError;
    assert.ok(e instanceof Error);
    assert.equal(e._tag, "MyError");
    assert.equal(e.name, "MyError");
    assert.equal(e.code, 42);
    assert.equal(e.message, original.message);
    assert.equal(e.stack, original.stack);
    const code = await Effect.runPromise(
      Effect.fail(e).pipe(Effect.catchTag("MyError", (caught) => Effect.succeed(caught.code))),
    );
    assert.equal(code, 42);
    // A real Effect error: it can be yielded, too.
    const yielded = await Effect.runPromise(
      Effect.gen(function* () {
        return yield* e;
      }).pipe(Effect.catchTag("MyError", (caught) => Effect.succeed(caught.code))),
    );
    assert.equal(yielded, 42);
  });

  Deno.test(`${how}: a tagged error's message and cause arrive`, () => {
    const e = across(
      new WithMessage({ message: "too hot", cause: new RangeError("120 > 100") }),
      cross,
    ) as WithMessage;
    assert.equal(e._tag, "WithMessage");
    assert.equal(e.message, "too hot");
    assert.ok(e.cause instanceof RangeError);
    assert.equal((e.cause as Error).message, "120 > 100");
  });

  Deno.test(`${how}: our own tagged errors come back as instances of their classes`, () => {
    const inner = new MyError({ code: 7 });
    const pe = new PeFailure({
      pe: "count",
      instance: 1,
      phase: "process",
      data: '["a",1]',
      cause: "MyError: boom",
      error: inner,
    });
    const back = across(pe, cross) as PeFailure;
    assert.ok(back instanceof PeFailure);
    assert.equal(back.message, pe.message);
    assert.equal(back.cause, "MyError: boom");
    assert.equal(back.stack, pe.stack);
    assert.equal((back.error as MyError)._tag, "MyError");
    assert.equal((back.error as MyError).code, 7);
    for (
      const e of [
        new CodeNotFound({ module: "file:///wf.ts", reason: "no workflow" }),
        new BadInput({ reason: "bad JSON" }),
        new WorkerFailure({ worker: 2, hosts: "a[0]", reason: "crashed" }),
      ]
    ) {
      const b = across(e, cross) as Error;
      assert.equal(b.constructor, e.constructor);
      assert.deepStrictEqual({ ...b }, { ...e });
      assert.equal(b.message, e.message);
    }
  });

  Deno.test(`${how}: a plain error keeps its class, name, message, stack, cause and fields`, () => {
    const original = Object.assign(new TypeError("not a number", { cause: "input" }), { code: "E_NAN" });
    const e = across(original, cross) as TypeError & { code: string };
    assert.ok(e instanceof TypeError);
    assert.equal(e.name, "TypeError");
    assert.equal(e.message, "not a number");
    assert.equal(e.stack, original.stack);
    assert.equal(e.cause, "input");
    assert.equal(e.code, "E_NAN");
    const custom = new Error("m");
    custom.name = "NotFound";
    const c = across(custom, cross) as Error;
    assert.equal(c.name, "NotFound");
    assert.equal(String(c), "NotFound: m");
  });

  Deno.test(`${how}: a thrown non-Error arrives as itself`, () => {
    for (const v of ["boom", 42, null, undefined, { reason: "x", at: [1, 2] }, new Map([["k", 1n]])]) {
      assert.deepStrictEqual(across(v, cross), v);
    }
    // A tagged plain object is caught by its tag too.
    const tagged = across({ _tag: "Plain", n: 1 }, cross) as { _tag: "Plain"; n: number };
    assert.equal(tagged._tag, "Plain");
  });

  Deno.test(`${how}: values that are not data are rendered as strings`, () => {
    const e = Object.assign(new Error("x"), { f: function helper() {}, s: Symbol("s"), ok: [1] });
    const back = across(e, cross) as Error & Record<string, unknown>;
    assert.equal(back.f, "[function helper]");
    assert.equal(back.s, "Symbol(s)");
    assert.deepStrictEqual(back.ok, [1]);
    assert.equal(across(() => 1, cross), "[function anonymous]");
  });
}

Deno.test("an error that is its own cause is encoded without looping", () => {
  const e = new Error("loop");
  (e as { cause?: unknown }).cause = e;
  const d = encodeError(e);
  assert.match(String(d.fields?.cause), /the same error again/);
});

Deno.test("a getter that throws does not hide the failure being encoded", () => {
  class Bad extends Error {
    override get message(): string {
      throw new Error("getter");
    }
  }
  const d = encodeError(new Bad());
  assert.match(d.message, /unreadable: Error: getter/);
});

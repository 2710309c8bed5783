import assert from "node:assert/strict";
import { Outbox, readBatch } from "./outbox.ts";

Deno.test("Outbox batches runs per target and port, and sends when full or flushed", () => {
  const sent: unknown[][] = [];
  const box = new Outbox({
    batch: 3,
    window: 8,
    blocking: true,
    maxDelay: Infinity,
    send: (b) => sent.push(b),
  });
  box.push(1, 0, "a");
  box.push(1, 0, "b");
  box.push(2, 1, "c");
  box.push(2, 1, "d");
  box.signal(5, 9);
  box.flush();
  assert.deepEqual(sent, [[1, 0, 2, "a", "b", 2, 1, 1, "c"], [2, 1, 1, "d", 5, 9, 0]]);
});

Deno.test("Outbox holds batches beyond the window and makes a blocking writer wait", async () => {
  const sent: unknown[][] = [];
  const box = new Outbox({ batch: 1, window: 2, blocking: true, send: (b) => sent.push(b) });
  assert.equal(box.push(0, 0, 1), undefined);
  assert.equal(box.push(0, 0, 2), undefined);
  const wait = box.push(0, 0, 3);
  assert.ok(wait instanceof Promise);
  assert.equal(sent.length, 2);
  let resumed = false;
  wait.then(() => (resumed = true));
  await Promise.resolve();
  assert.equal(resumed, false);
  box.ack(1);
  await wait;
  assert.equal(resumed, true);
  assert.deepEqual(sent.map((b) => b[3]), [1, 2, 3]);
  const drained = box.drained();
  let done = false;
  drained.then(() => (done = true));
  box.ack(1);
  await Promise.resolve();
  assert.equal(done, false);
  box.ack(1);
  await drained;
});

Deno.test("Outbox never makes a writer wait on a non-blocking link", () => {
  const box = new Outbox({ batch: 1, window: 1, blocking: false, send: () => {} });
  for (let i = 0; i < 10; i++) assert.equal(box.push(0, 0, i), undefined);
  assert.equal(box.backlog, true);
});

Deno.test("readBatch() resumes inside a run after an asynchronous delivery", async () => {
  const seen: unknown[] = [];
  const r = readBatch(
    [3, 1, 3, "a", "b", "c", 4, 0, 0, 5, 2, 1, "d"],
    (t, p, d) => {
      seen.push(`${t}.${p}=${d}`);
      if (d === "b") return new Promise((ok) => setTimeout(ok, 1));
    },
    (t, p) => {
      seen.push(`end ${t} from ${p}`);
      return Promise.resolve();
    },
  );
  assert.ok(r instanceof Promise);
  await r;
  assert.deepEqual(seen, ["3.1=a", "3.1=b", "3.1=c", "end 4 from 0", "5.2=d"]);
});

Deno.test("Outbox sends a batch older than maxDelay on the next push, with no timer", () => {
  const sent: unknown[][] = [];
  const box = new Outbox({ batch: 100, window: 8, blocking: true, maxDelay: 2, send: (b) => sent.push(b) });
  box.push(0, 0, "first"); // after a quiet spell: sent at once
  assert.equal(sent.length, 1);
  box.push(0, 0, "second");
  box.push(0, 0, "third");
  assert.equal(sent.length, 1);
  const until = performance.now() + 3;
  while (performance.now() < until) { /* a PE busy for 3 ms: no timer can fire */ }
  box.push(0, 0, "fourth");
  assert.deepEqual(sent, [[0, 0, 1, "first"], [0, 0, 3, "second", "third", "fourth"]]);
});

Deno.test("Outbox drains a long queue on a non-blocking link in order", () => {
  const sent: unknown[] = [];
  const box = new Outbox({ batch: 1, window: 1, blocking: false, send: (b) => sent.push(b[3]) });
  for (let i = 0; i < 50_000; i++) box.push(0, 0, i);
  for (let i = 0; i < 50_000; i++) box.ack(1);
  assert.equal(sent.length, 50_000);
  assert.deepEqual(sent.slice(0, 3), [0, 1, 2]);
  assert.equal(sent[49_999], 49_999);
  assert.equal(box.backlog, false);
});

Deno.test("Outbox does not send a unit at once after a long wait for the window", () => {
  const sent: unknown[][] = [];
  const box = new Outbox({ batch: 100, window: 1, blocking: true, maxDelay: 5, send: (b) => sent.push(b) });
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until) { /* a PE computing: no timer fires, no ack arrives */ }
  };
  box.push(0, 0, "a"); // after a quiet spell: at once, and the window is full
  busy(6);
  box.push(0, 0, "b"); // the last send is old, but only because the window was full: b waits for company
  box.push(0, 0, "c");
  assert.deepEqual(sent, [[0, 0, 1, "a"]]);
  box.ack(1);
  busy(6);
  box.push(0, 0, "d"); // the open batch is now older than maxDelay: it goes
  assert.deepEqual(sent, [[0, 0, 1, "a"], [0, 0, 3, "b", "c", "d"]]);
});

const t0 = performance.now();
await import("../runtime/executor.ts");
await import("../ir/json.ts");
const t1 = performance.now();
await import("../mod.ts");
const t2 = performance.now();
await import("./pipeline.ts");
const t3 = performance.now();
postMessage(`runtime+ir ${(t1 - t0).toFixed(1)} mod.ts ${(t2 - t1).toFixed(1)} pipeline ${(t3 - t2).toFixed(1)}`);

const t0 = performance.now();
const w = new Worker(new URL("./tmp_w_worker.ts", import.meta.url).href, { type: "module" });
w.onmessage = (e) => { console.log(e.data, "total", (performance.now() - t0).toFixed(1)); w.terminate(); };

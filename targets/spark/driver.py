"""The PySpark driver of the dispel4ts `spark` target.

The Deno launcher (targets/spark/target.ts) starts it as `python driver.py MASTER` with the
project's virtual environment and sends it runs, one JSON line each, on stdin. A run is a list of
stages, one per PE in topological order; the driver turns each into RDD operations:

* a PE without upstream PEs: `parallelize(range(n), n)`, one partition per instance;
* any other PE: the records its upstream stages addressed to its instances (filtered by global
  instance id), `union`ed, then `partitionBy(n)` on the id: partition i is instance i;
* then `mapPartitionsWithIndex`, which runs the instance's PE host (`deno ... spark-task GID`) as
  a subprocess, feeds it the run's init and the partition's records, and yields what it writes:
  `(destination instance, payload)` pairs, or `(-1, payload)` for the driver (results, summary);
* every stage's output is persisted, so that no PE host runs twice when several stages and the
  results read it.

Records are opaque bytes here: only Deno decodes data units. The driver writes to the launcher,
on the stdout it had at start (Spark's JVM gets stderr instead), frames `[length u32][kind u8]`
and a payload: kind 1 carries a host's message to the driver, kind 2 a PE failure, kind 3 a JSON
status.
"""

import base64
import collections
import json
import os
import re
import struct
import subprocess
import sys
import threading

HOST, FAILURE, STATUS = 1, 2, 3
TO_DRIVER, FAILED = -1, -2
FAILURE_MARK = re.compile(r"D4TS_FAILURE:([A-Za-z0-9+/=]+)")
CRASH_MARK = re.compile(r"D4TS_CRASH:(\{[^\n]*\})")
STDERR_LINES = 20


def task(stage, init, command, env, source, stall=None):
    """The function `mapPartitionsWithIndex` runs: one PE instance's host over its partition."""
    base, pe = stage["base"], stage["pe"]

    def run(index, records):
        gid = base + index
        child = subprocess.Popen(
            command + [str(gid)] + ([] if stall is None else [str(stall)]), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        problems = []
        unread = []
        tail = collections.deque(maxlen=STDERR_LINES)

        def relay():
            # PE console output and the host's own lines, as they come (on a cluster, to the
            # executor's log); the last ones say why a host died.
            for line in child.stderr:
                tail.append(line)
                sys.stderr.buffer.write(line)
                sys.stderr.flush()

        def feed():
            try:
                w = child.stdin
                w.write(struct.pack(">I", len(init)))
                w.write(init)
                if not source:
                    for _, payload in records:
                        w.write(struct.pack(">I", len(payload)))
                        w.write(payload)
                w.close()
            except BrokenPipeError:
                unread.append(True)  # the host ended early: its exit code says why
            except BaseException as e:  # noqa: BLE001 - reported after the host is ended
                problems.append(e)
                child.kill()

        threads = [threading.Thread(target=f, daemon=True) for f in (feed, relay)]
        for t in threads:
            t.start()
        failure = None
        complete = False
        try:
            read = child.stdout.read
            while True:
                head = read(8)
                if len(head) < 8:
                    break
                key, n = struct.unpack(">iI", head)
                payload = read(n)
                if key == FAILED:
                    failure = payload
                else:
                    yield (key, payload)
            complete = True
        finally:
            if not complete:
                child.kill()
            code = child.wait()
            for t in threads:
                t.join()
        if failure is not None:
            raise RuntimeError("D4TS_FAILURE:" + base64.b64encode(failure).decode())
        if problems:
            raise problems[0]
        if code == 0 and unread:
            code, tail = 0, [b"it ended before reading all its input"]
        if code != 0 or unread:
            said = b"".join(tail).decode("utf-8", "replace")
            raise RuntimeError(
                "D4TS_CRASH:" + json.dumps({"pe": pe, "instance": index, "code": code, "stderr": said})
            )

    return run


def run_graph(sc, request, send):
    from pyspark import StorageLevel

    with open(request["init"], "rb") as f:
        init = f.read()
    command, env = request["command"], request["env"]
    stall = request.get("stall")
    outs = []
    for stage in request["stages"]:
        count = stage["count"]
        upstream = stage["upstream"]
        if not upstream:
            rdd = sc.parallelize(range(count), count).mapPartitionsWithIndex(
                task(stage, init, command, env, source=True, stall=stall)
            )
        else:
            lo, hi = stage["base"], stage["base"] + count
            ins = [outs[u].filter(lambda kv, lo=lo, hi=hi: lo <= kv[0] < hi) for u in upstream]
            rdd = (ins[0] if len(ins) == 1 else sc.union(ins)).partitionBy(count, lambda k, lo=lo: k - lo)
            rdd = rdd.mapPartitionsWithIndex(task(stage, init, command, env, source=False, stall=stall))
        outs.append(rdd.persist(StorageLevel.MEMORY_AND_DISK))
    try:
        # One job runs every stage, in parallel where the stages allow.
        for _, payload in sc.union([o.filter(lambda kv: kv[0] == TO_DRIVER) for o in outs]).collect():
            send(HOST, payload)
    finally:
        for o in outs:
            o.unpersist(blocking=False)


def report(e, send, log):
    """Turns a failed Spark job into one frame: the PE's failure, or what ended a host."""
    text = str(e)
    found = FAILURE_MARK.search(text)
    if found:
        send(FAILURE, base64.b64decode(found.group(1)))
        return
    crash = CRASH_MARK.search(text)
    if crash:
        send(STATUS, json.dumps({"t": "crash", **json.loads(crash.group(1))}).encode())
        return
    first = next((line for line in text.splitlines() if line.strip()), type(e).__name__)
    send(STATUS, json.dumps({"t": "error", "reason": first[:500], "log": log}).encode())


def main():
    proto = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # the JVM and stray prints go to stderr, never into the frames

    def send(kind, payload):
        proto.write(struct.pack(">IB", len(payload) + 1, kind))
        proto.write(payload)
        proto.flush()

    def status(**m):
        send(STATUS, json.dumps(m).encode())

    master = sys.argv[1] if len(sys.argv) > 1 else None
    log = os.environ.get("DISPEL4TS_SPARK_LOG", "")
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        status(t="missing", reason=f"PySpark cannot be imported ({e})")
        return 2
    try:
        builder = SparkSession.builder.appName("dispel4ts").config("spark.ui.enabled", "false")
        if master:
            builder = builder.master(master)
        spark = builder.getOrCreate()
    except Exception as e:  # noqa: BLE001 - one line for the launcher
        first = next((line for line in str(e).splitlines() if line.strip()), type(e).__name__)
        status(t="missing", reason=f"Spark did not start: {first[:300]}", log=log)
        return 2
    sc = spark.sparkContext
    status(t="ready", version=spark.version)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                run_graph(sc, json.loads(line), send)
                status(t="end")
            except Exception as e:  # noqa: BLE001 - every failure becomes one frame
                report(e, send, log)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

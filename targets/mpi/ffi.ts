/**
 * Open MPI from Deno through FFI, without a compiled shim: `libmpi.so.40` is opened with
 * `Deno.dlopen`, and Open MPI's predefined handles (`MPI_COMM_WORLD`, `MPI_BYTE`) are the
 * addresses of its exported globals, which Deno hands back for statics of type "pointer".
 * Everything travels as bytes; callers choose the encoding.
 *
 * The layout of `MPI_Status` and the handle symbols are Open MPI's (4.x, x86_64); MPICH would
 * need a second table, so {@linkcode openMpi} checks the library's version string.
 *
 * Run under `mpirun -n N deno run -A PROGRAM.ts` (as root, Open MPI also wants
 * `--allow-run-as-root`); started without mpirun, a program is a single rank.
 *
 * @example Ping between two ranks
 * ```ts ignore
 * import { openMpi } from "./ffi.ts";
 * const mpi = openMpi();
 * if (mpi.rank === 0) mpi.send(1, 7, new TextEncoder().encode("ping"));
 * else console.log(new TextDecoder().decode(mpi.receive().bytes)); // "ping"
 * mpi.finalize();
 * ```
 *
 * @module
 */

/** The shared library's name, as the loader finds it (Debian: package `libopenmpi3`). */
export const LIBMPI = "libmpi.so.40";

/** The largest message in bytes: MPI counts elements in a C `int`. */
export const MAX_MESSAGE = 2 ** 31 - 1;

/** `MPI_ANY_SOURCE` and `MPI_ANY_TAG` in Open MPI's `mpi.h`. */
const ANY = -1;

const symbols = {
  MPI_Init: { parameters: ["pointer", "pointer"], result: "i32" },
  MPI_Initialized: { parameters: ["buffer"], result: "i32" },
  MPI_Finalize: { parameters: [], result: "i32" },
  MPI_Abort: { parameters: ["pointer", "i32"], result: "i32" },
  MPI_Get_library_version: { parameters: ["buffer", "buffer"], result: "i32" },
  MPI_Comm_rank: { parameters: ["pointer", "buffer"], result: "i32" },
  MPI_Comm_size: { parameters: ["pointer", "buffer"], result: "i32" },
  MPI_Barrier: { parameters: ["pointer"], result: "i32" },
  MPI_Send: { parameters: ["buffer", "i32", "pointer", "i32", "i32", "pointer"], result: "i32" },
  MPI_Isend: { parameters: ["buffer", "i32", "pointer", "i32", "i32", "pointer", "buffer"], result: "i32" },
  MPI_Test: { parameters: ["buffer", "buffer", "pointer"], result: "i32" },
  MPI_Recv: { parameters: ["buffer", "i32", "pointer", "i32", "i32", "pointer", "buffer"], result: "i32" },
  MPI_Probe: { parameters: ["i32", "i32", "pointer", "buffer"], result: "i32" },
  MPI_Iprobe: { parameters: ["i32", "i32", "pointer", "buffer", "buffer"], result: "i32" },
  MPI_Get_count: { parameters: ["buffer", "pointer", "buffer"], result: "i32" },
  ompi_mpi_comm_world: { type: "pointer" },
  ompi_mpi_byte: { type: "pointer" },
} as const;

/** A message taken off the wire: who sent it, its tag and its bytes. */
export interface Message {
  readonly source: number;
  readonly tag: number;
  readonly bytes: Uint8Array;
}

/** One rank of an MPI job, talking to the others in `MPI_COMM_WORLD`. */
export interface Mpi {
  /** This process's rank, 0 to `size` − 1. */
  readonly rank: number;
  /** How many ranks the job has. */
  readonly size: number;
  /** The library's own version line, e.g. "Open MPI v4.1.4, …". */
  readonly version: string;
  /** Sends bytes (at most {@linkcode MAX_MESSAGE}) to a rank; returns when the buffer may be reused (`MPI_Send`). */
  send(dest: number, tag: number, bytes: Uint8Array): void;
  /**
   * Starts sending bytes and returns at once (`MPI_Isend`): two ranks sending large messages to
   * each other cannot deadlock. The bytes must not change until {@link Mpi.progressSends} says
   * the send is complete; the binding keeps them alive until then.
   */
  isend(dest: number, tag: number, bytes: Uint8Array): void;
  /** Completes the sends that can be (`MPI_Test`); returns how many are still in progress. */
  progressSends(): number;
  /**
   * Waits for the next message from any rank with any tag (or the given ones) and takes it. It
   * blocks the thread, timers included; a rank that must stay responsive polls instead.
   */
  receive(source?: number, tag?: number): Message;
  /** Takes the next message if one has arrived, without waiting (`MPI_Iprobe` first). */
  poll(source?: number, tag?: number): Message | undefined;
  /** Waits until every rank has reached this call. */
  barrier(): void;
  /** Ends this rank's part of the job; every rank must call it once. */
  finalize(): void;
  /** Ends the whole job at once, from any rank, with an exit code. */
  abort(code: number): void;
}

/** Open MPI cannot be used here: not installed, or not the implementation this binding knows. */
export class MpiUnavailable extends Error {
  override readonly name = "MpiUnavailable";
}

/** Why Open MPI's library cannot be opened here, or undefined when it can. */
export const mpiMissing = (): string | undefined => {
  try {
    Deno.dlopen(LIBMPI, { MPI_Initialized: symbols.MPI_Initialized }).close();
    return undefined;
  } catch (e) {
    return `${LIBMPI} cannot be loaded (${(e as Error).message.split("\n")[0]})`;
  }
};

const check = (what: string, code: number) => {
  // The default error handler aborts the job on errors; a code here means it was changed.
  if (code !== 0) throw new Error(`${what} failed with MPI error ${code}`);
};

/** Initialises MPI (once per process) and returns this rank's handle. */
export const openMpi = (): Mpi => {
  let lib: Deno.DynamicLibrary<typeof symbols>;
  try {
    lib = Deno.dlopen(LIBMPI, symbols);
  } catch (e) {
    throw new MpiUnavailable(
      `Open MPI is not installed (${LIBMPI}: ${
        (e as Error).message.split("\n")[0]
      }); run: deno task setup mpi`,
    );
  }
  const f = lib.symbols;
  const world = f.ompi_mpi_comm_world;
  const byte = f.ompi_mpi_byte;
  const out = new Int32Array(1);
  check("MPI_Initialized", f.MPI_Initialized(out));
  if (out[0] === 0) check("MPI_Init", f.MPI_Init(null, null));
  const text = new Uint8Array(256);
  check("MPI_Get_library_version", f.MPI_Get_library_version(text, out));
  const version = new TextDecoder().decode(text.subarray(0, out[0])).replace(/\0.*$/s, "").split("\n")[0];
  if (!version.startsWith("Open MPI")) {
    throw new MpiUnavailable(`${LIBMPI} is "${version}", but this binding knows Open MPI only`);
  }
  check("MPI_Comm_rank", f.MPI_Comm_rank(world, out));
  const rank = out[0];
  check("MPI_Comm_size", f.MPI_Comm_size(world, out));
  const size = out[0];
  // Open MPI 4.x: { int MPI_SOURCE, MPI_TAG, MPI_ERROR, _cancelled; size_t _ucount }.
  const status = new Int32Array(6);
  const count = new Int32Array(1);
  const flag = new Int32Array(1);
  /** Sends in progress: the request handle (`MPI_Request`, a pointer) and the bytes it reads. */
  let sending: Array<{ readonly request: BigUint64Array; readonly bytes: Uint8Array }> = [];
  const done = new Int32Array(1);
  const checkSize = (bytes: Uint8Array) => {
    if (bytes.length > MAX_MESSAGE) {
      throw new RangeError(
        `An MPI message holds at most ${MAX_MESSAGE} bytes (MPI's int count), got ${bytes.length}`,
      );
    }
  };
  const take = (): Message => {
    check("MPI_Get_count", f.MPI_Get_count(status, byte, count));
    const bytes = new Uint8Array(count[0]);
    const [source, tag] = status;
    check("MPI_Recv", f.MPI_Recv(bytes, count[0], byte, source, tag, world, status));
    return { source, tag, bytes };
  };
  return {
    rank,
    size,
    version,
    send: (dest, tag, bytes) => {
      checkSize(bytes);
      check("MPI_Send", f.MPI_Send(bytes, bytes.length, byte, dest, tag, world));
    },
    isend: (dest, tag, bytes) => {
      checkSize(bytes);
      const request = new BigUint64Array(1);
      check("MPI_Isend", f.MPI_Isend(bytes, bytes.length, byte, dest, tag, world, request));
      sending.push({ request, bytes });
    },
    progressSends: () => {
      if (sending.length === 0) return 0;
      sending = sending.filter(({ request }) => {
        check("MPI_Test", f.MPI_Test(request, done, null));
        return done[0] === 0;
      });
      return sending.length;
    },
    receive: (source = ANY, tag = ANY) => {
      check("MPI_Probe", f.MPI_Probe(source, tag, world, status));
      return take();
    },
    poll: (source = ANY, tag = ANY) => {
      check("MPI_Iprobe", f.MPI_Iprobe(source, tag, world, flag, status));
      return flag[0] === 0 ? undefined : take();
    },
    barrier: () => check("MPI_Barrier", f.MPI_Barrier(world)),
    finalize: () => {
      check("MPI_Finalize", f.MPI_Finalize());
      lib.close();
    },
    abort: (code) => check("MPI_Abort", f.MPI_Abort(world, code)),
  };
};

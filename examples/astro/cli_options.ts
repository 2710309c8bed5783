/**
 * The example's own command-line option, `--offline`, turned into the workflow's input: every
 * process of every target then gets the choice with the data units, and the run's command line
 * stays the project's.
 *
 * @module
 */

/** What `--offline` and a missing `-d` default to. */
export interface Defaults {
  /** The coordinates file read when no `-d` or `-f` names one. */
  readonly coordinates: string;
  /** The folder of recorded answers `--offline` reads. */
  readonly recorded: string;
}

const DATA = ["-d", "--data"];
const FILE = ["-f", "--file"];

const offlineItem = (item: unknown, recorded: string): unknown => {
  if (typeof item === "string") return { coordinates: item, recorded };
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  const o = item as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === "input") return { input: offlineItem(o.input, recorded) };
  return "coordinates" in o && !("recorded" in o) ? { ...o, recorded } : item;
};

/** The inputs JSON with every `read` input reading recorded answers; malformed JSON is left to the CLI. */
const offlineJson = (json: string, recorded: string): string => {
  let inputs: unknown;
  try {
    inputs = JSON.parse(json);
  } catch {
    return json;
  }
  const read = (inputs as Record<string, unknown> | null)?.read;
  if (!Array.isArray(read)) return json;
  return JSON.stringify({ ...inputs as object, read: read.map((item) => offlineItem(item, recorded)) });
};

/**
 * The command line for `W.main`: without `-d` or `-f`, the shipped coordinates are read, and
 * `--offline` (taken out) makes `read` use the recorded answers, whichever way the inputs came.
 *
 * @example
 * ```ts
 * import { withOffline } from "./cli_options.ts";
 * withOffline(["--offline", "-n", "4"], { coordinates: "c.txt", recorded: "rec/" });
 * // => ["-n", "4", "-d", '{"read":[{"coordinates":"c.txt","recorded":"rec/"}]}']
 * withOffline(["-d", '{"read": ["my.txt"]}', "--offline"], { coordinates: "c.txt", recorded: "rec/" });
 * // => ["-d", '{"read":[{"coordinates":"my.txt","recorded":"rec/"}]}']
 * ```
 */
export const withOffline = (argv: ReadonlyArray<string>, defaults: Defaults): Array<string> => {
  const offline = argv.includes("--offline");
  const out: Array<string> = [];
  let data: string | undefined;
  let file: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--offline") continue;
    if ((DATA.includes(a) || FILE.includes(a)) && k + 1 < argv.length) {
      if (DATA.includes(a)) data = argv[++k];
      else file = argv[++k];
    } else if (a.startsWith("--data=")) data = a.slice("--data=".length);
    else if (a.startsWith("--file=")) file = a.slice("--file=".length);
    else out.push(a);
  }
  if (file !== undefined) {
    // -f wins over -d, as on every workflow; a file that cannot be read is left to the CLI to name.
    let text: string | undefined;
    try {
      text = offline ? Deno.readTextFileSync(file) : undefined;
    } catch {
      text = undefined;
    }
    return text === undefined
      ? [...out, ...(data === undefined ? [] : ["-d", data]), "-f", file]
      : [...out, "-d", offlineJson(text, defaults.recorded)];
  }
  const json = data ?? JSON.stringify({ read: [defaults.coordinates] });
  return [...out, "-d", offline ? offlineJson(json, defaults.recorded) : json];
};

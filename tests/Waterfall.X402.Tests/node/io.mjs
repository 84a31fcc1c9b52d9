// One JSON object in (from the file named by the first argument, else stdin), one out on stdout;
// bigints are written as decimal strings.
import { readFile } from "node:fs/promises";

export async function readInput() {
  if (process.argv[2]) return JSON.parse(await readFile(process.argv[2], "utf8"));
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

export function writeOutput(value) {
  process.stdout.write(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}

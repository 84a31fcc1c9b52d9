#!/usr/bin/env node
// Compiles the contracts in this folder with the solc-js pinned in package.json (standard-JSON API)
// and writes one artifact per contract: { contractName, sourceName, compiler, abi, bytecode,
// deployedBytecode }. The output is deterministic (same sources + same solc = same bytes), which is
// what lets a test compare the committed artifacts with a fresh compilation.
//
//   npm ci --prefix deploy/contracts
//   node deploy/contracts/compile.mjs                # writes src/Waterfall.X402.Contracts/Artifacts/
//   node deploy/contracts/compile.mjs --out DIR      # writes DIR instead
//
// Any compiler error or warning fails the run: the .NET build treats warnings as errors too.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// The contracts that ship, in a fixed order; each lives in <Name>.sol.
const contracts = ["Eip3009Token", "SettlementBatcher", "TestSmartWallet"];

// Anvil 1.7.1 and every chain x402 targets (Base, Base Sepolia) run Cancun or later.
const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  // No IPFS/Swarm hash of the metadata in the bytecode: it would change with comments and paths.
  metadata: { bytecodeHash: "none" },
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
  },
};

function parseArguments(argv) {
  let out = resolve(here, "..", "..", "src", "Waterfall.X402.Contracts", "Artifacts");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out" && i + 1 < argv.length) out = resolve(argv[++i]);
    else throw new Error(`Unknown argument '${argv[i]}'. Usage: node compile.mjs [--out DIR]`);
  }
  return { out };
}

function loadSolc() {
  try {
    return require("solc");
  } catch (e) {
    throw new Error(`solc-js is not installed: run 'npm ci --prefix ${here}' first. (${e.message})`);
  }
}

function main() {
  const { out } = parseArguments(process.argv.slice(2));
  const solc = loadSolc();
  const sources = {};
  for (const name of contracts) {
    sources[`${name}.sol`] = { content: readFileSync(join(here, `${name}.sol`), "utf8") };
  }
  const input = { language: "Solidity", sources, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));

  const problems = (output.errors ?? []).filter((e) => e.severity !== "info");
  if (problems.length > 0) {
    for (const problem of problems) console.error(problem.formattedMessage ?? problem.message);
    throw new Error(`solc reported ${problems.length} error(s) or warning(s).`);
  }

  // "0.8.37+commit.f401782d.Emscripten.clang" -> "0.8.37+commit.f401782d": the same compiler natively.
  const version = solc.version().replace(/\.Emscripten\.clang$/, "");
  mkdirSync(out, { recursive: true });
  for (const name of contracts) {
    const compiled = output.contracts?.[`${name}.sol`]?.[name];
    if (!compiled) throw new Error(`solc produced no output for ${name}.`);
    const artifact = {
      contractName: name,
      sourceName: `${name}.sol`,
      compiler: { name: "solc", version, settings: { optimizer: settings.optimizer, evmVersion: settings.evmVersion, metadata: settings.metadata } },
      abi: compiled.abi,
      bytecode: `0x${compiled.evm.bytecode.object}`,
      deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
    };
    const file = join(out, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(artifact, null, 2)}\n`);
    console.log(`${name}: ${compiled.evm.bytecode.object.length / 2} bytes init code, ${compiled.evm.deployedBytecode.object.length / 2} bytes runtime -> ${file}`);
  }
}

try {
  main();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

// The reference x402 facilitator: ExactEvmScheme over a viem wallet + public client on the given RPC.
import { x402Facilitator } from "@x402/core/facilitator";
import { toFacilitatorEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import { createWalletClient, defineChain, http, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readInput, writeOutput } from "./io.mjs";

const { rpcUrl, chainId, facilitatorKey, paymentPayload, paymentRequirements } = await readInput();
const chain = defineChain({
  id: chainId,
  name: `local ${chainId}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const account = privateKeyToAccount(facilitatorKey);
const client = createWalletClient({ account, chain, transport: http(rpcUrl) }).extend(publicActions);

// The wiring the reference's own facilitator example uses.
const signer = toFacilitatorEvmSigner({
  address: account.address,
  getCode: (args) => client.getCode(args),
  readContract: (args) => client.readContract({ ...args, args: args.args || [] }),
  verifyTypedData: (args) => client.verifyTypedData(args),
  writeContract: (args) => client.writeContract({ ...args, args: args.args || [] }),
  sendTransaction: (args) => client.sendTransaction(args),
  waitForTransactionReceipt: (args) => client.waitForTransactionReceipt(args),
});
const facilitator = new x402Facilitator().register(`eip155:${chainId}`, new ExactEvmScheme(signer));

const verify = await facilitator.verify(paymentPayload, paymentRequirements);
const settle = verify.isValid ? await facilitator.settle(paymentPayload, paymentRequirements) : null;
writeOutput({ verify, settle });

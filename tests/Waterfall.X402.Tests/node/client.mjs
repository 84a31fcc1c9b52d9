// The reference x402 client: signs a payment for a 402's first accepted requirements.
import { x402Client } from "@x402/core/client";
import { encodePaymentSignatureHeader } from "@x402/core/http";
import { toClientEvmSigner } from "@x402/evm";
import { ExactEvmScheme } from "@x402/evm/exact/client";
import { privateKeyToAccount } from "viem/accounts";
import { readInput, writeOutput } from "./io.mjs";

const { paymentRequired, payerKey } = await readInput();
const signer = toClientEvmSigner(privateKeyToAccount(payerKey));
// A local chain's token is not one of the reference's default assets, so it has to be allowed explicitly.
const client = new x402Client()
  .setSpendControls({ allowedAssets: true })
  .register("eip155:*", new ExactEvmScheme(signer));
const paymentPayload = await client.createPaymentPayload(paymentRequired);
writeOutput({ header: encodePaymentSignatureHeader(paymentPayload), paymentPayload });

// The reference resource server's view of a facilitator: HTTPFacilitatorClient, which validates every
// answer against the reference's response schemas.
import { HTTPFacilitatorClient } from "@x402/core/http";
import { readInput, writeOutput } from "./io.mjs";

const { facilitatorUrl, paymentPayload, paymentRequirements } = await readInput();
const facilitator = new HTTPFacilitatorClient({ url: facilitatorUrl, timeoutMs: 60_000 });

async function attempt(call) {
  try {
    return await call();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const supported = await attempt(() => facilitator.getSupported());
const verify = await attempt(() => facilitator.verify(paymentPayload, paymentRequirements));
const settle = await attempt(() => facilitator.settle(paymentPayload, paymentRequirements));
writeOutput({ supported, verify, settle });

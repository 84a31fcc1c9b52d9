// Reads {secret, body, headers} as JSON on stdin; exits 0 when the reference library accepts the
// signature (and prints the verified payload's id), 1 with the library's message when it does not.
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { secret, body, headers } = JSON.parse(input);
  try {
    const payload = new Webhook(secret).verify(body, headers);
    process.stdout.write(payload.id);
  } catch (error) {
    process.stderr.write(String(error && error.message ? error.message : error));
    process.exit(1);
  }
});

using System.Globalization;
using System.Numerics;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.X402;
using Waterfall.X402.Contracts;

namespace Waterfall.Silo.Commands;

/// <summary>
/// Developer commands for a local chain:
/// <c>chain deploy</c> deploys the EIP-3009 test token and the settlement batcher (and mints), and
/// <c>x402 pay</c> signs a PAYMENT-SIGNATURE for a PAYMENT-REQUIRED, as any x402 client would.
/// Keys come from the command line or the environment (WATERFALL_CHAIN_KEY, WATERFALL_PAYER_KEY); they are never printed.
/// </summary>
internal static class ChainCommands
{
    public const string Usage = """
        chain deploy --rpc <url> [--key <deployer key>] [--submitter <address>]... [--mint <address>=<USDC>]...
            Deploys the EIP-3009 token ("USD Coin", version 2, 6 decimals) and the SettlementBatcher, allows the
            submitters to settle through it, mints test USDC, and prints the configuration for the silo.
        x402 pay --required <PAYMENT-REQUIRED header value> [--key <payer key>] [--network <CAIP-2 id>]
            Signs the payment (EIP-3009 transferWithAuthorization) and prints the PAYMENT-SIGNATURE header value.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["chain", "deploy", .. var rest] => await DeployAsync(new CommandLine(rest), output),
                ["x402", "pay", .. var rest] => Pay(new CommandLine(rest), output),
                _ => throw new CommandLineException("Unknown command."),
            };
        }
        catch (CommandLineException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync(Usage);
            return 2;
        }
        catch (Exception e) when (e is FormatException or X402FormatException or HttpRequestException or InvalidOperationException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> DeployAsync(CommandLine line, TextWriter output)
    {
        var rpc = new Uri(line.Required("rpc", "the node's JSON-RPC URL"));
        var key = Key(line, "WATERFALL_CHAIN_KEY", "the deployer's private key");
        var mints = line.All("mint").Select(ParseMint).ToList();
        var options = new LocalChainSetupOptions { Submitters = line.All("submitter").Select(EthAddress.Parse).ToList() };
        var deployment = await LocalChainSetup.DeployAsync(rpc, key, mints, options);
        await output.WriteLineAsync($"""
            chain id   {deployment.ChainId}
            token      {deployment.Token}  ("{deployment.TokenDomain.Name}", version {deployment.TokenDomain.Version})
            batcher    {deployment.Batcher}  (owner {deployment.Deployer})

            Configure a top-up network, e.g. with environment variables:
              Waterfall__X402__Networks__local__Network=eip155:{deployment.ChainId}
              Waterfall__X402__Networks__local__RpcUrl={rpc}
              Waterfall__X402__Networks__local__Asset={deployment.Token}
              Waterfall__X402__Networks__local__AssetName={deployment.TokenDomain.Name}
              Waterfall__X402__Networks__local__AssetVersion={deployment.TokenDomain.Version}
              Waterfall__X402__Networks__local__SettlementBatcher={deployment.Batcher}
              Waterfall__X402__Networks__local__TopUpPayTo=<the treasury address>
              Waterfall__X402__SignerPrivateKey=<the owner's or an allowed submitter's key>
            """);
        return 0;
    }

    private static int Pay(CommandLine line, TextWriter output)
    {
        var required = X402Headers.DecodePaymentRequired(line.Required("required", "the PAYMENT-REQUIRED header value"));
        var key = Key(line, "WATERFALL_PAYER_KEY", "the payer's private key");
        var network = line.Optional("network");
        var option = required.Accepts.FirstOrDefault(a => network is null || a.Network == network)
            ?? throw new CommandLineException($"The requirements offer no way to pay on {network}.");
        var payload = ExactEvmPayer.CreatePaymentPayload(option, key, required.Resource);
        output.WriteLine(X402Headers.EncodePaymentSignature(payload));
        return 0;
    }

    private static EthPrivateKey Key(CommandLine line, string variable, string what)
    {
        var hex = line.Optional("key") ?? Environment.GetEnvironmentVariable(variable)
            ?? throw new CommandLineException($"--key (or {variable}) is required ({what}).");
        try
        {
            return EthPrivateKey.FromHex(hex.StartsWith("0x", StringComparison.Ordinal) ? hex : "0x" + hex);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new CommandLineException($"The {what} is not a private key (0x + 64 hex digits).");
        }
    }

    private static TokenMint ParseMint(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || !EthAddress.TryParse(parts[0], out var to)
            || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usdc) || usdc <= 0)
            throw new CommandLineException($"--mint {text}: expected <address>=<USDC amount>, e.g. 0x3C44…93BC=100.");
        return new TokenMint(to, new BigInteger(decimal.Truncate(usdc * 1_000_000m)));
    }
}

using Waterfall.ChainTestSupport;
using Waterfall.Silo.Commands;
using Waterfall.X402.Contracts;

namespace Waterfall.TopUps.Tests;

/// <summary>The developer commands the README's walkthrough uses, against a fresh anvil of their own.</summary>
public sealed class ChainCommandTests
{
    [Fact]
    public async Task Chain_deploy_puts_the_token_and_batcher_at_the_addresses_the_development_settings_expect_and_mints()
    {
        await using var anvil = await AnvilFixture.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ChainCommands.RunAsync(
            ["chain", "deploy", "--rpc", anvil.Endpoint.ToString(), "--key", AnvilAccounts.PrivateKeyHexes[0], "--mint", $"{AnvilAccounts.Address(3)}=100"],
            output, error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        // The addresses in src/Waterfall.Silo/appsettings.Development.json.
        Assert.Contains("token      0x5FbDB2315678afecb367f032d93F642f64180aa3", output.ToString());
        Assert.Contains("batcher    0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", output.ToString());
        var token = new Eip3009TokenClient(anvil.Client, Chain.Primitives.EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        Assert.Equal(Usdc.Units(100m), await token.BalanceOfAsync(AnvilAccounts.Address(3)));
        Assert.DoesNotContain(AnvilAccounts.PrivateKeyHexes[0][2..], output.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("chain", "deploy")]
    [InlineData("chain", "deploy", "--rpc", "http://127.0.0.1:1", "--key", "0x1234")]
    [InlineData("x402", "pay", "--key", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData("chain", "launch")]
    public async Task A_command_with_missing_or_bad_arguments_explains_itself_and_exits_2(params string[] args)
    {
        var error = new StringWriter();

        var exit = await ChainCommands.RunAsync(args, TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("chain deploy --rpc", error.ToString());
    }
}

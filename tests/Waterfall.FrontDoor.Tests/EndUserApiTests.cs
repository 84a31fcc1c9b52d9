using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>The platform's end user of a call travels in <c>attribution.end_user</c> onto the ledger.</summary>
public class EndUserApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static LlmUsage Gpt4o(long input, long output) => new() { Model = "gpt-4o", InputTokens = input, OutputTokens = output };

    private async Task<(WaterfallClient Client, string WalletId)> FundedWallet()
    {
        var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m));
        return (client, walletId);
    }

    [Fact]
    public async Task A_debit_with_an_end_user_shows_it_on_its_ledger_transaction()
    {
        var (client, walletId) = await FundedWallet();
        using var _ = client;

        await client.DebitAsync(walletId, Gpt4o(100, 10), attribution: new Attribution { AgentId = "agent-7", EndUser = "end-user-42" });

        var debit = (await client.ListLedgerAsync(walletId).ToListAsync()).Last();
        Assert.Equal("Debited", debit.Kind);
        Assert.Equal(("end-user-42", "agent-7", "gpt-4o"), (debit.Attribution.EndUser, debit.Attribution.AgentId, debit.Attribution.Model));
    }

    [Fact]
    public async Task A_hold_keeps_its_end_user_and_its_capture_carries_it_to_the_ledger()
    {
        var (client, walletId) = await FundedWallet();
        using var _ = client;

        var hold = await client.AuthorizeAsync(walletId, Gpt4o(1_000, 1_000), attribution: new Attribution { EndUser = "alice@example.com" });
        var held = (await client.GetWalletAsync(walletId)).Holds.Single();
        await client.CaptureAsync(walletId, hold.HoldId, Gpt4o(500, 200));

        Assert.Equal("alice@example.com", held.Attribution.EndUser);
        var capture = (await client.ListLedgerAsync(walletId).ToListAsync()).Single(t => t.Kind == "HoldCaptured");
        Assert.Equal("alice@example.com", capture.Attribution.EndUser);
    }

    [Fact]
    public async Task A_transaction_without_an_end_user_shows_an_empty_one()
    {
        var (client, walletId) = await FundedWallet();
        using var _ = client;

        await client.DebitAsync(walletId, Gpt4o(100, 10), attribution: new Attribution { AgentId = "agent-7" });

        Assert.All(await client.ListLedgerAsync(walletId).ToListAsync(), t => Assert.Equal("", t.Attribution.EndUser));
    }

    [Theory]
    [InlineData(257)]
    [InlineData(-1)] // a control character instead of a length
    public async Task An_end_user_that_is_too_long_or_has_control_characters_is_refused_and_changes_nothing(int length)
    {
        var (client, walletId) = await FundedWallet();
        using var _ = client;
        var sequence = (await client.GetWalletAsync(walletId)).Sequence;
        var endUser = length < 0 ? "alice\nbob" : new string('u', length);

        var error = await Assert.ThrowsAsync<WaterfallException>(() =>
            client.DebitAsync(walletId, Gpt4o(100, 10), attribution: new Attribution { EndUser = endUser }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations, v => v.Field == "attribution.end_user");
        Assert.Equal(sequence, (await client.GetWalletAsync(walletId)).Sequence);
    }
}

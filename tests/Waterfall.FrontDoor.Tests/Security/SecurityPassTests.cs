using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests.Security;

/// <summary>Issue 17's security pass, seen from a client of the front door (docs/security.md).</summary>
public class SecurityPassTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private async Task<(WaterfallClient Client, string WalletId)> FundedWallet()
    {
        var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(1m), idempotencyKey: "grant-1");
        return (client, walletId);
    }

    [Fact]
    public async Task A_grants_idempotency_key_sent_with_a_debit_is_refused_as_reused_and_charges_nothing()
    {
        var (client, walletId) = await FundedWallet();
        var before = await client.GetWalletAsync(walletId);

        var error = await Assert.ThrowsAsync<WaterfallException>(() => client.DebitAsync(walletId, Amounts.Usd(0.25m), idempotencyKey: "grant-1"));

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", error.Reason);
        Assert.Equal("CreditsGranted", error.Metadata["first_used_for"]);
        var after = await client.GetWalletAsync(walletId);
        Assert.Equal(before.Sequence, after.Sequence);
    }

    [Fact]
    public async Task An_operator_grant_claiming_an_x402_payment_as_its_source_is_refused_at_the_front_door()
    {
        var (client, walletId) = await FundedWallet();
        var before = await client.GetWalletAsync(walletId);

        var error = await Assert.ThrowsAsync<WaterfallException>(() => client.GrantCreditsAsync(new GrantCreditsRequest
        {
            WalletId = walletId, Amount = Amounts.Usd(5m), Kind = "purchased",
            Source = new GrantSource { Kind = GrantSourceKind.X402Payment, Reference = "0xabc" },
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations, v => v.Field == "source.kind");
        var after = await client.GetWalletAsync(walletId);
        Assert.Equal(before.Sequence, after.Sequence);
        Assert.DoesNotContain(after.Grants, g => g.Source?.Kind == GrantSourceKind.X402Payment);
    }
}

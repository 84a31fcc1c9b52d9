using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;

namespace Waterfall.FrontDoor.Tests;

/// <summary>Bad input and refused calls: a clear status, a machine-readable reason, and nothing changed.</summary>
public class RefusalTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private async Task<(WaterfallClient Client, string WalletId, long Sequence)> FundedWallet(decimal usd = 1m)
    {
        var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Amounts.Usd(usd));
        return (client, walletId, (await client.GetWalletAsync(walletId)).Sequence);
    }

    private static async Task<WaterfallException> Refused(Func<Task> call) => await Assert.ThrowsAsync<WaterfallException>(call);

    [Theory]
    [InlineData(-5, "usd", "charge.amount.value")]
    [InlineData(0, "usd", "charge.amount.value")]
    [InlineData(100_000_000_000_000_001, "usd", "charge.amount.value")]
    [InlineData(100, "doubloons", "charge.amount.unit")]
    public async Task Malformed_amounts_are_refused_with_a_field_violation_and_change_nothing(long value, string unit, string field)
    {
        var (client, walletId, sequence) = await FundedWallet();

        var error = await Refused(() => client.DebitAsync(walletId, new Amount { Value = value, Unit = unit }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.Reason);
        Assert.Contains(error.FieldViolations, v => v.Field == field);
        Assert.Equal(sequence, (await client.GetWalletAsync(walletId)).Sequence);
    }

    [Fact]
    public async Task Empty_ids_are_refused_with_a_field_violation()
    {
        using var client = silo.Client();

        var error = await Refused(() => client.DebitAsync("", Amounts.Usd(0.01m), idempotencyKey: "bad key!"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.FieldViolations, v => v.Field == "wallet_id");
        Assert.Contains(error.FieldViolations, v => v.Field == "idempotency_key");
    }

    [Fact]
    public async Task An_unknown_model_is_refused()
    {
        var (client, walletId, sequence) = await FundedWallet();

        var error = await Refused(() => client.DebitAsync(walletId, new LlmUsage { Model = "gpt-17-ultra", InputTokens = 10 }));

        Assert.Equal("UNKNOWN_MODEL", error.Reason);
        Assert.Equal("gpt-17-ultra", error.Metadata["model"]);
        Assert.Equal(sequence, (await client.GetWalletAsync(walletId)).Sequence);
    }

    [Fact]
    public async Task A_prepaid_wallet_refuses_what_it_cannot_cover()
    {
        var (client, walletId, sequence) = await FundedWallet(0.001m);

        var error = await Refused(() => client.DebitAsync(walletId, Amounts.Usd(0.002m)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("INSUFFICIENT_FUNDS", error.Reason);
        Assert.Equal("1000000", error.Metadata["shortfall"]);
        Assert.Equal(sequence, (await client.GetWalletAsync(walletId)).Sequence);
    }

    [Fact]
    public async Task Reusing_a_key_for_different_content_is_refused()
    {
        var (client, walletId, _) = await FundedWallet();
        await client.DebitAsync(walletId, Amounts.Usd(0.01m), idempotencyKey: "k1");

        var error = await Refused(() => client.DebitAsync(walletId, Amounts.Usd(0.02m), idempotencyKey: "k1"));

        Assert.Equal("IDEMPOTENCY_KEY_REUSED", error.Reason);
        Assert.Equal(990_000_000, (await client.GetWalletAsync(walletId)).Balances.Single().Total);
    }

    [Fact]
    public async Task Unknown_wallets_and_holds_are_not_found()
    {
        var (client, walletId, _) = await FundedWallet();

        var wallet = await Refused(() => client.GetWalletAsync("no-such-wallet"));
        var hold = await Refused(() => client.VoidAsync(walletId, "h999"));

        Assert.Equal((StatusCode.NotFound, "WALLET_NOT_FOUND"), (wallet.StatusCode, wallet.Reason));
        Assert.Equal((StatusCode.NotFound, "HOLD_NOT_FOUND"), (hold.StatusCode, hold.Reason));
    }

    [Fact]
    public async Task Capturing_more_than_the_hold_is_refused()
    {
        var (client, walletId, _) = await FundedWallet();
        var hold = await client.AuthorizeAsync(walletId, Amounts.Usd(0.1m));

        var error = await Refused(() => client.CaptureAsync(walletId, hold.HoldId, Amounts.Usd(0.2m)));

        Assert.Equal("CAPTURE_EXCEEDS_HOLD", error.Reason);
        Assert.Single((await client.GetWalletAsync(walletId)).Holds);
    }

    [Fact]
    public async Task Calls_without_a_valid_key_are_unauthenticated()
    {
        using var client = silo.Client("not-a-key");

        var error = await Refused(() => client.GetWalletAsync("anything"));

        Assert.Equal((StatusCode.Unauthenticated, "UNAUTHENTICATED"), (error.StatusCode, error.Reason));
    }

    [Fact]
    public async Task A_read_key_cannot_debit_and_a_meter_key_cannot_grant()
    {
        var (admin, walletId, sequence) = await FundedWallet();
        using var reader = silo.Client(SiloFixture.ReadKey);
        using var meter = silo.Client(SiloFixture.MeterKey);

        var debit = await Refused(() => reader.DebitAsync(walletId, Amounts.Usd(0.01m)));
        var grant = await Refused(() => meter.GrantCreditsAsync(walletId, Amounts.Usd(100m)));

        Assert.Equal((StatusCode.PermissionDenied, "PERMISSION_DENIED"), (debit.StatusCode, debit.Reason));
        Assert.Equal("PERMISSION_DENIED", grant.Reason);
        Assert.Equal(sequence, (await reader.GetWalletAsync(walletId)).Sequence);
    }

    [Fact]
    public async Task Another_tenant_cannot_reach_the_wallet()
    {
        var (_, walletId, _) = await FundedWallet();
        using var other = silo.Client(SiloFixture.OtherTenantKey);

        var error = await Refused(() => other.DebitAsync(walletId, Amounts.Usd(0.01m)));

        Assert.Equal("WALLET_NOT_FOUND", error.Reason);
    }
}

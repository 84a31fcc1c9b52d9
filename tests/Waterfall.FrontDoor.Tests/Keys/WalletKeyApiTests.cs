using Grpc.Core;
using Waterfall.Api.V1;
using Waterfall.Client;
using static Waterfall.FrontDoor.Tests.Keys.WalletKeyKit;

namespace Waterfall.FrontDoor.Tests.Keys;

/// <summary>KeyService over gRPC: create, list and revoke, admin scope, tenant walls, and bad input that changes nothing.</summary>
public class WalletKeyApiTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Create_shows_the_secret_once_and_listing_never_shows_it()
    {
        var (walletId, created) = await silo.WalletWithKeyAsync();
        using var client = silo.Client();

        var listed = Assert.Single(await client.ListWalletKeysAsync(walletId));

        Assert.StartsWith($"wf_wk_{created.KeyId}_", created.Secret);
        Assert.Equal(walletId, created.WalletId);
        Assert.Equal("support bot", created.Name);
        Assert.Equal("agent-7", created.AgentId);
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], created.AllowedModels);
        Assert.Equal(Amounts.Usd(0.05m), created.PerRequestCap);
        Assert.NotNull(created.CreatedAt);
        Assert.Null(created.RevokedAt);
        var withoutSecret = created.Clone();
        withoutSecret.Secret = "";
        Assert.Equal(withoutSecret, listed);
    }

    [Fact]
    public async Task A_key_without_options_leaves_the_limits_to_the_wallet()
    {
        var walletId = await silo.NewWalletAsync();
        using var client = silo.Client();

        var key = await client.CreateWalletKeyAsync(walletId);

        Assert.Equal("", key.Name);
        Assert.Equal("", key.AgentId);
        Assert.Empty(key.AllowedModels);
        Assert.Null(key.PerRequestCap);
        var grantee = await silo.ResolveAsync(key.Secret);
        Assert.NotNull(grantee);
        Assert.Null(grantee.AgentId);
        Assert.Null(grantee.PerRequestCap);
    }

    [Fact]
    public async Task Listing_shows_every_key_of_the_wallet_oldest_first_and_revoked_ones_too()
    {
        var walletId = await silo.NewWalletAsync();
        using var client = silo.Client();
        var first = await client.CreateWalletKeyAsync(walletId, name: "first");
        var second = await client.CreateWalletKeyAsync(walletId, name: "second");
        await client.RevokeWalletKeyAsync(walletId, first.KeyId);

        var listed = await client.ListWalletKeysAsync(walletId);

        Assert.Equal([first.KeyId, second.KeyId], listed.Select(k => k.KeyId));
        Assert.NotNull(listed[0].RevokedAt);
        Assert.Null(listed[1].RevokedAt);
    }

    [Fact]
    public async Task Revoking_twice_answers_the_same_revoked_key()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var client = silo.Client();

        var revoked = await client.RevokeWalletKeyAsync(walletId, key.KeyId);
        var again = await client.RevokeWalletKeyAsync(walletId, key.KeyId);

        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(revoked, again);
        Assert.Equal("", revoked.Secret);
    }

    [Fact]
    public async Task A_key_can_only_be_created_for_a_wallet_that_exists()
    {
        using var client = silo.Client();
        var walletId = NewWalletId();

        var error = await Refused(() => client.CreateWalletKeyAsync(walletId, name: "nobody's"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("WALLET_NOT_FOUND", error.Reason);
    }

    [Fact]
    public async Task Another_tenant_can_neither_list_nor_revoke_a_key_and_learns_nothing_about_it()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var other = silo.Client(SiloFixture.OtherTenantKey);

        var list = await Refused(() => other.ListWalletKeysAsync(walletId));
        var revoke = await Refused(() => other.RevokeWalletKeyAsync(walletId, key.KeyId));

        Assert.Equal("WALLET_NOT_FOUND", list.Reason);
        Assert.Equal("WALLET_KEY_NOT_FOUND", revoke.Reason);
        Assert.Equal(StatusCode.NotFound, revoke.StatusCode);
        Assert.NotNull(await silo.ResolveAsync(key.Secret));
    }

    [Fact]
    public async Task Another_tenant_with_a_wallet_of_the_same_id_sees_none_of_its_keys()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var other = silo.Client(SiloFixture.OtherTenantKey);
        await other.CreateWalletAsync(walletId);

        var listed = await other.ListWalletKeysAsync(walletId);
        var revoke = await Refused(() => other.RevokeWalletKeyAsync(walletId, key.KeyId));

        Assert.Empty(listed);
        Assert.Equal("WALLET_KEY_NOT_FOUND", revoke.Reason);
        var grantee = await silo.ResolveAsync(key.Secret);
        Assert.Equal("e2e", grantee?.TenantId);
    }

    [Fact]
    public async Task A_key_of_another_wallet_of_the_same_tenant_cannot_be_revoked_through_this_wallet()
    {
        var (_, key) = await silo.WalletWithKeyAsync();
        var otherWallet = await silo.NewWalletAsync();
        using var client = silo.Client();

        var error = await Refused(() => client.RevokeWalletKeyAsync(otherWallet, key.KeyId));

        Assert.Equal("WALLET_KEY_NOT_FOUND", error.Reason);
        Assert.NotNull(await silo.ResolveAsync(key.Secret));
    }

    [Fact]
    public async Task Revoking_an_unknown_key_id_is_refused_as_not_found()
    {
        var walletId = await silo.NewWalletAsync();
        using var client = silo.Client();

        var error = await Refused(() => client.RevokeWalletKeyAsync(walletId, "aaaaaaaaaaaaaaaa"));

        Assert.Equal("WALLET_KEY_NOT_FOUND", error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("aaaaaaaaaaaaaaa/")]
    public async Task Revoking_with_a_malformed_key_id_is_refused_with_a_field_violation(string keyId)
    {
        var walletId = await silo.NewWalletAsync();
        using var client = silo.Client();

        var error = await Refused(() => client.RevokeWalletKeyAsync(walletId, keyId));

        Assert.Equal("INVALID_ARGUMENT", error.Reason);
        Assert.Contains(error.FieldViolations, v => v.Field == "key_id");
    }

    [Theory]
    [InlineData(SiloFixture.MeterKey)]
    [InlineData(SiloFixture.ReadKey)]
    public async Task Meter_and_read_keys_may_not_manage_wallet_keys(string apiKey)
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var client = silo.Client(apiKey);

        var create = await Refused(() => client.CreateWalletKeyAsync(walletId));
        var list = await Refused(() => client.ListWalletKeysAsync(walletId));
        var revoke = await Refused(() => client.RevokeWalletKeyAsync(walletId, key.KeyId));

        Assert.All([create, list, revoke], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.All([create, list, revoke], e => Assert.Equal("PERMISSION_DENIED", e.Reason));
        using var admin = silo.Client();
        Assert.Null(Assert.Single(await admin.ListWalletKeysAsync(walletId)).RevokedAt);
    }

    [Fact]
    public async Task A_wallet_key_is_not_an_api_key_for_the_management_api()
    {
        var (walletId, key) = await silo.WalletWithKeyAsync();
        using var client = silo.Client(key.Secret);

        var error = await Refused(() => client.ListWalletKeysAsync(walletId));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("UNAUTHENTICATED", error.Reason);
    }

    public static TheoryData<string, Func<string, CreateWalletKeyRequest>> BadRequests => new()
    {
        { "wallet_id", _ => new CreateWalletKeyRequest { WalletId = "" } },
        { "wallet_id", _ => new CreateWalletKeyRequest { WalletId = "no/slashes" } },
        { "per_request_cap.value", w => new CreateWalletKeyRequest { WalletId = w, PerRequestCap = new Amount { Value = -1, Unit = "usd" } } },
        { "per_request_cap.value", w => new CreateWalletKeyRequest { WalletId = w, PerRequestCap = new Amount { Value = 0, Unit = "usd" } } },
        { "per_request_cap.unit", w => new CreateWalletKeyRequest { WalletId = w, PerRequestCap = new Amount { Value = 5, Unit = "doubloons" } } },
        { "per_request_cap.unit", w => new CreateWalletKeyRequest { WalletId = w, PerRequestCap = new Amount { Value = 5, Unit = "tokens" } } },
        { "allowed_models[1]", w => new CreateWalletKeyRequest { WalletId = w, AllowedModels = { "gpt-4o", "gpt-17-ultra" } } },
        { "allowed_models[0]", w => new CreateWalletKeyRequest { WalletId = w, AllowedModels = { "GPT-4o" } } },
        { "allowed_models[0]", w => new CreateWalletKeyRequest { WalletId = w, AllowedModels = { "" } } },
        { "agent_id", w => new CreateWalletKeyRequest { WalletId = w, AgentId = "agent 7" } },
        { "name", w => new CreateWalletKeyRequest { WalletId = w, Name = new string('n', 129) } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_field_violation_and_creates_no_key(string field, Func<string, CreateWalletKeyRequest> request)
    {
        var walletId = await silo.NewWalletAsync();
        var keys = new KeyService.KeyServiceClient(silo.Channel);
        var headers = new Metadata { { "authorization", $"Bearer {SiloFixture.AdminKey}" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await keys.CreateWalletKeyAsync(request(walletId), headers));

        var refusal = new WaterfallException(error);
        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", refusal.Reason);
        Assert.Contains(refusal.FieldViolations, v => v.Field == field);
        using var client = silo.Client();
        Assert.Empty(await client.ListWalletKeysAsync(walletId));
    }
}

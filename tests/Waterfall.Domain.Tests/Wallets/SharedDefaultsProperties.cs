using CsCheck;
using Waterfall.Domain.Billing;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Wallets;

/// <summary>
/// A wallet keeps its settings and every grant its terms for as long as it is active; where they equal the defaults it
/// holds the shared instances (a million wallets, one copy). Sharing must never change a value.
/// </summary>
public class SharedDefaultsProperties
{
    private static readonly Gen<WalletSettings> Settings =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Long[1, 1_000]).Select((postpaid, capped, named, n) => new WalletSettings(
            postpaid ? new BillingTerms(BillingMode.Postpaid, n) : new BillingTerms(BillingMode.Prepaid),
            capped ? new SpendPolicy(PerRequestCap: n) : new SpendPolicy(),
            named ? $"customer-{n}" : null));

    private static readonly Gen<GrantTerms> Terms =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Long[1, 1_000]).Select((narrow, paid, n) => new GrantTerms(
            GrantKind.Purchased, Amount.Usd(n), 30, null, null,
            narrow ? new GrantScope([], [$"model-{n}"], []) : new GrantScope([], [], []),
            paid ? new GrantSource(GrantSourceKind.X402Payment, $"0x{n:x}") : new GrantSource(GrantSourceKind.Operator),
            1m));

    [Fact]
    public void Settings_that_share_the_defaults_parts_are_equal_to_the_settings_given() =>
        Settings.Sample(given =>
        {
            var shared = given.SharingDefaults();
            return shared == given
                && (given.Policy != SpendPolicy.Unlimited || ReferenceEquals(shared.Policy, SpendPolicy.Unlimited))
                && (given.Billing != BillingTerms.Prepaid || ReferenceEquals(shared.Billing, BillingTerms.Prepaid))
                && (given != WalletSettings.Default || ReferenceEquals(shared, WalletSettings.Default));
        });

    [Fact]
    public void Terms_that_share_the_default_scope_and_source_are_equal_to_the_terms_given() =>
        Terms.Sample(given =>
        {
            var shared = given.SharingDefaults();
            return shared == given
                && (given.Scope != GrantScope.Any || ReferenceEquals(shared.Scope, GrantScope.Any))
                && (given.Source != GrantSource.Operator || ReferenceEquals(shared.Source, GrantSource.Operator));
        });

    [Fact]
    public void An_opened_wallet_and_its_grant_hold_the_shared_defaults()
    {
        // Built afresh, as a request or a journal read makes them: equal to the defaults, not the same objects.
        var kit = new WalletTestKit(new WalletSettings(new BillingTerms(BillingMode.Prepaid), new SpendPolicy(), "customer-1"));
        var wallet = kit.Wallet;
        var grant = wallet.GrantCredits(new GrantCredits("g", new GrantTerms(GrantKind.Purchased, Amount.Usd(100), 30, null, null,
            new GrantScope([], [], []), new GrantSource(GrantSourceKind.Operator), 1m)), kit.Now);

        Assert.True(grant.IsAccepted);
        Assert.Same(SpendPolicy.Unlimited, wallet.Settings.Policy);
        Assert.Same(BillingTerms.Prepaid, wallet.Settings.Billing);
        Assert.Equal("customer-1", wallet.Settings.CustomerId);
        Assert.Same(GrantScope.Any, wallet.Grants.Single().Terms.Scope);
        Assert.Same(GrantSource.Operator, wallet.Grants.Single().Terms.Source);
    }
}

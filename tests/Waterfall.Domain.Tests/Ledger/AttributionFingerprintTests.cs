using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Tests.Wallets;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Ledger;

/// <summary>
/// Fingerprints are stored with every idempotency record, so a field added to the attribution
/// must leave the fingerprint of every command that lacks it exactly as it was: otherwise a retry
/// of a call made before the upgrade would be refused as a key reused for something else.
/// The literals below were computed before the end user joined the attribution.
/// </summary>
public class AttributionFingerprintTests
{
    private static readonly Attribution Full = new("cust-1", "agent-1", "req-1", "gpt-4o", "openai", 1200, 300, "0xpayer", "base-sepolia", "0xhash");

    [Fact]
    public void A_debit_without_an_end_user_fingerprints_exactly_as_before()
    {
        Assert.Equal("310DFF70FA8F11C2C1252199FA34E180", new DebitWallet("k1", WalletTestKit.UsdCharge(5_000, "gpt-4o"), Full).Fingerprint());
        Assert.Equal("3A9B5DC46A58CF7976E5F0936950AD39", new DebitWallet("k1", WalletTestKit.UsdCharge(5_000, "gpt-4o")).Fingerprint());
        Assert.Equal("34BD543A708C07244C71724B4D261A1A", new DebitWallet("k1", WalletTestKit.UsdCharge(5_000), new Attribution(AgentId: "agent-1")).Fingerprint());
    }

    [Fact]
    public void Authorize_capture_and_grant_without_an_end_user_fingerprint_exactly_as_before()
    {
        var usage = WalletTestKit.Usage("gpt-4o", 1200, 0.0000025m, 300, 0.00001m);
        Assert.Equal("6892CD5273CD702B02E77D6BD087E3C1", new AuthorizeHold("k2", usage, TimeSpan.FromMinutes(5), Full).Fingerprint());
        Assert.Equal("B84E84E2F6718595CB9191DB5C82982E", new CaptureHold("k3", new HoldId("h-1"), usage, Full).Fingerprint());
        Assert.Equal("1FA42F40E7AA229FE642DC1267DD7D16", new GrantCredits("k4", WalletTestKit.Terms(GrantKind.Purchased, 10_000), Full).Fingerprint());
    }

    [Fact]
    public void An_end_user_changes_the_fingerprint_so_a_reused_key_for_another_end_user_is_told_apart()
    {
        var charge = WalletTestKit.UsdCharge(5_000, "gpt-4o");
        var without = new DebitWallet("k1", charge, Full).Fingerprint();
        var alice = new DebitWallet("k1", charge, Full with { EndUser = "alice" }).Fingerprint();
        var bob = new DebitWallet("k1", charge, Full with { EndUser = "bob" }).Fingerprint();

        Assert.Equal("310DFF70FA8F11C2C1252199FA34E180", without);
        Assert.NotEqual(without, alice);
        Assert.NotEqual(alice, bob);
        Assert.Equal(alice, new DebitWallet("k1", charge, Full with { EndUser = "alice" }).Fingerprint());
    }
}

using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Wallets;

public class MetricQuotaTests
{
    private static GrantScope For(params string[] metrics) => new(metrics, [], []);

    [Fact]
    public void A_grant_scoped_to_two_metrics_counts_under_each_and_unscoped_credit_under_none()
    {
        var kit = new WalletTestKit();
        var soon = kit.Now.AddDays(3);
        kit.Grant(GrantKind.Bonus, 100, CreditUnit.Requests, scope: For("requests", "sessions"), expiresAt: soon);
        kit.Grant(GrantKind.Bonus, 10, CreditUnit.Sessions, scope: For("sessions"));
        kit.Grant(GrantKind.Purchased, 5_000);

        var quotas = MetricQuota.Of(kit.Wallet.Grants);

        Assert.Equal(
        [
            new MetricQuota("requests", "requests", 100, 100, 0, 1, soon),
            new MetricQuota("sessions", "requests", 100, 100, 0, 1, soon),
            new MetricQuota("sessions", "sessions", 10, 10, 0, 1, null),
        ], quotas);
    }

    [Fact]
    public void A_used_up_grant_counts_what_it_gave_but_not_its_expiry()
    {
        var kit = new WalletTestKit();
        kit.Grant(GrantKind.Bonus, 4, CreditUnit.Requests, scope: For("requests"), expiresAt: kit.Now.AddDays(1));
        var later = kit.Now.AddDays(9);
        kit.Grant(GrantKind.Bonus, 6, CreditUnit.Requests, scope: For("requests"), expiresAt: later, priority: 90);
        Assert.True(kit.Debit(new Charges.AmountCharge(new Amount(5, CreditUnit.Requests), new ChargeContext("requests", null, null))).IsAccepted);

        var quota = Assert.Single(MetricQuota.Of(kit.Wallet.Grants.Concat(kit.Wallet.ExhaustedGrants)));

        Assert.Equal(new MetricQuota("requests", "requests", 10, 5, 0, 2, later), quota);
    }
}

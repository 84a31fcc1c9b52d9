using Waterfall.Domain.Billing;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Policy;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;

namespace Waterfall.Cycles.Tests;

/// <summary>A domain wallet and the journal it wrote, for tests that fold the journal the way the cycle does.</summary>
internal sealed class WalletJournal
{
    private int _keys;

    public WalletJournal(BillingMode mode, long overageLimit, DateTimeOffset at)
    {
        Wallet = new Wallet(new WalletKey("t", "w"));
        Accept(Wallet.Open(new OpenWallet("open", WalletSettings.Default with { Billing = new BillingTerms(mode, overageLimit) }), at));
    }

    public Wallet Wallet { get; }

    public List<WalletEvent> Events { get; } = [];

    public GrantId GrantTokens(string kind, long tokens, DateTimeOffset at, DateTimeOffset? expiresAt) =>
        Accept(Wallet.GrantCredits(new GrantCredits(NextKey(), new GrantTerms(new GrantKind(kind), Amount.Tokens(tokens),
            new GrantKind(kind).DefaultPriority ?? 50, null, expiresAt, new GrantScope([], [], []), GrantSource.Operator, null)), at)).Grant;

    /// <summary>An LLM call of <paramref name="tokens"/> input tokens at <paramref name="pricePerToken"/> USD each.</summary>
    public DebitReceipt Call(long tokens, decimal pricePerToken, DateTimeOffset at) =>
        Accept(Wallet.Debit(new DebitWallet(NextKey(), new UsageCharge(
            new RatedUsage("m", "p", [new RatedLine(UsageComponent.Input, tokens, pricePerToken)], false, null))), at));

    public T Accept<T>(Outcome<T> outcome) where T : Receipt
    {
        Assert.True(outcome.IsAccepted, outcome.Refusal?.ToString());
        Events.AddRange(outcome.Events);
        return outcome.Receipt!;
    }

    public void Tick(DateTimeOffset at) => Events.AddRange(Wallet.Tick(at));

    public string NextKey() => $"k{++_keys}";
}

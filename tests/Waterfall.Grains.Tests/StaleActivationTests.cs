using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Grants;
using Waterfall.Ledger;
using Amount = Waterfall.Domain.Money.Amount;
using GrantScope = Waterfall.Domain.Grants.GrantScope;
using GrantTerms = Waterfall.Domain.Grants.GrantTerms;
using D = Waterfall.Domain.Wallets;

namespace Waterfall.Grains.Tests;

/// <summary>
/// A wallet activation left behind by another one (a second activation during a membership change) must not answer
/// the settlement or a billing cycle with a refusal from its stale memory: they take it as final. The other activation
/// is played here by the domain wallet writing the next sequence straight into the journal the silo uses.
/// </summary>
public class StaleActivationTests(FaultyJournalFixture waterfall) : IClassFixture<FaultyJournalFixture>
{
    private const string Tenant = "acme";
    private static readonly string TransactionHash = "0x" + new string('a', 64);

    /// <summary>Decides <paramref name="decide"/> on the wallet as the journal holds it and appends it, as another activation would.</summary>
    private async Task<T> WriteBehindTheGrainsBack<T>(string walletId, Func<D.Wallet, DateTimeOffset, D.Outcome<T>> decide) where T : D.Receipt
    {
        var key = new D.WalletKey(Tenant, walletId);
        var other = (await waterfall.Journal.LoadAsync(key)).Restore(key);
        var now = waterfall.Clock.GetUtcNow();
        var expired = other.Tick(now);
        var outcome = decide(other, now);
        Assert.True(outcome.IsAccepted, outcome.ToString());
        await waterfall.Journal.AppendAsync(key, [.. expired.Select(e => new JournalEntry(e)), .. outcome.Events.Select(e => new JournalEntry(e, outcome.Receipt))]);
        return outcome.Receipt!;
    }

    /// <summary>The way the settlement and the cycle call: a WalletUnavailable is retried (at their next pass); a reply is final.</summary>
    private static async Task<(Reply<T> Reply, int Unavailable)> CallAsGrainDoes<T>(Func<Task<Reply<T>>> call) where T : class
    {
        for (var unavailable = 0; ; unavailable++)
        {
            try
            {
                return (await call(), unavailable);
            }
            catch (WalletUnavailableException) when (unavailable < 3) { }
        }
    }

    private async Task<IWalletGrain> OpenedAndActive(string walletId)
    {
        var wallet = waterfall.Wallet(Tenant, walletId);
        await wallet.Open(Commands.Open());
        await wallet.Grant(Commands.GrantUsd("fund", 1_000_000));
        return wallet;
    }

    [Fact]
    public async Task A_stale_activation_does_not_answer_the_settlements_confirmation_as_not_pending_and_the_retry_settles_the_top_up()
    {
        var walletId = Commands.NewWalletId();
        var wallet = await OpenedAndActive(walletId);
        var credited = await WriteBehindTheGrainsBack(walletId, (w, now) => w.CreditTopUp(new D.GrantCredits("x402:credit:n1",
            new GrantTerms(GrantKind.Purchased, Amount.Usd(10_000_000), 30, null, null, GrantScope.Any, new GrantSource(GrantSourceKind.X402Payment, "0xn1"), 1m),
            new Domain.Ledger.Attribution(Payer: "0xpayer", Network: "eip155:31337")), now));

        var (reply, unavailable) = await CallAsGrainDoes(() => wallet.ConfirmTopUp(new ConfirmTopUp("x402:settled:n1", credited.Grant.Value, TransactionHash)));

        Assert.Null(reply.Refusal);
        Assert.Equal(1, unavailable); // the stale activation stepped aside instead of answering TOP_UP_NOT_PENDING
        Assert.Equal(credited.Sequence + 1, reply.Receipt!.Sequence);
        var journal = (await waterfall.Journal.LoadAsync(new D.WalletKey(Tenant, walletId))).Events;
        Assert.IsType<D.TopUpSettled>(Assert.Single(journal, e => e.Sequence == reply.Receipt.Sequence));
        Assert.Equal(reply.Receipt.Sequence, journal.Count);
    }

    [Fact]
    public async Task A_stale_activation_does_not_answer_the_cycles_rollover_as_grant_not_found_and_the_retry_rolls_the_grant_over()
    {
        var walletId = Commands.NewWalletId();
        var wallet = await OpenedAndActive(walletId);
        var expiresAt = waterfall.Clock.GetUtcNow().AddMinutes(1);
        var planGrant = await WriteBehindTheGrainsBack(walletId, (w, now) => w.GrantCredits(new D.GrantCredits("s1:p1:grant:plan",
            new GrantTerms(GrantKind.Promotional, Amount.Usd(4_000_000), 10, null, expiresAt, GrantScope.Any, GrantSource.Operator, 0m)), now));
        waterfall.Clock.Advance(TimeSpan.FromMinutes(2));

        var (reply, unavailable) = await CallAsGrainDoes(() => waterfall.Client.WalletCycles(Tenant, walletId)
            .RollOverGrant("s1:p1:roll:plan", planGrant.Grant.Value, 4_000_000, expiresAt.AddDays(30)));

        Assert.Equal(1, unavailable); // not GRANT_NOT_FOUND from the memory that never saw the grant
        Assert.Null(reply.Refusal);
        Assert.Equal(planGrant.Grant.Value, reply.Receipt!.Source);
        Assert.Equal(4_000_000, reply.Receipt.Carried);
        Assert.NotNull(reply.Receipt.Carry);
    }

    [Fact]
    public async Task A_current_activation_answers_a_refusal_after_one_head_read_and_insufficient_funds_with_none()
    {
        var walletId = Commands.NewWalletId();
        var wallet = await OpenedAndActive(walletId);

        var fund = (await wallet.Grant(Commands.GrantUsd("fund", 1_000_000))).Receipt!.Grant; // a replay: the wallet's purchased grant
        var before = waterfall.Journal.HeadReads;
        var notPending = await wallet.ConfirmTopUp(new ConfirmTopUp("x402:settled:none", fund, TransactionHash));
        var afterNotPending = waterfall.Journal.HeadReads;
        var debits = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => wallet.Debit(Commands.DebitUsd($"big-{i}", 2_000_000))));

        Assert.Equal(Domain.Reasons.TopUpNotPending, notPending.Refusal?.Reason);
        Assert.Equal(1, afterNotPending - before);
        Assert.All(debits, d => Assert.Equal(Domain.Reasons.InsufficientFunds, d.Refusal?.Reason));
        Assert.Equal(afterNotPending, waterfall.Journal.HeadReads); // fifty refused debits, no store read
    }
}

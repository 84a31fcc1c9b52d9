using Waterfall.Domain.Ledger;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Campaigns;

/// <summary>
/// A campaign's statistics kept up to date from its redeeming wallets' journals, each entry folded once
/// (<see cref="CampaignUsage"/> stays the rule of what counts): per wallet it remembers the sequence it has
/// folded to, so a read asks each journal only for what came since, and skips what it has already seen.
/// </summary>
public sealed class CampaignProjection(string campaignId)
{
    private readonly CampaignUsage _usage = new(campaignId);
    private readonly Dictionary<string, (long Sequence, DateTimeOffset At)> _foldedTo = new(StringComparer.Ordinal);

    /// <summary>
    /// Where to read <paramref name="redemption"/>'s wallet from: a little before its redemption the first time
    /// (the grant is stamped by the wallet's silo, whose clock may be behind the campaign's), then a little before
    /// the latest entry folded, since an entry later in sequence may carry a time a moment earlier.
    /// </summary>
    public DateTimeOffset ReadFrom(Redemption redemption) =>
        (_foldedTo.TryGetValue(redemption.WalletId, out var folded) && folded.At > redemption.At ? folded.At : redemption.At)
        - JournalTime.SettlesWithin;

    /// <summary>One entry of <paramref name="walletId"/>'s journal, in sequence order; one already folded is skipped.</summary>
    public void Observe(string walletId, WalletEvent e)
    {
        var known = _foldedTo.TryGetValue(walletId, out var folded);
        if (known && e.Sequence <= folded.Sequence) return;
        _usage.Observe(walletId, e);
        _foldedTo[walletId] = (e.Sequence, known && folded.At > e.At ? folded.At : e.At);
    }

    public CampaignStatistics Statistics(int redemptions, long redeemed) => _usage.Statistics(redemptions, redeemed);
}

using Waterfall.Domain.Grants;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Campaigns;

/// <summary>
/// What became of a campaign's credit: how much was burned (drawn by debits and captured holds) and how
/// much expired unused (its breakage), folded from the journals of the wallets that redeemed it. A grant
/// is the campaign's when its source names the campaign; credit reserved by an open hold is neither, until
/// the hold is captured (burned) or released (still the grant's).
/// </summary>
public sealed class CampaignUsage(string campaignId)
{
    // A grant id is a wallet's sequence number, so it names a grant only together with its wallet.
    private readonly HashSet<(string Wallet, GrantId Grant)> _grants = [];

    public long Burned { get; private set; }
    public long Expired { get; private set; }

    /// <summary>One event of <paramref name="walletId"/>'s journal; a wallet's events come in sequence order.</summary>
    public void Observe(string walletId, WalletEvent e)
    {
        switch (e)
        {
            case CreditsGranted g when IsThisCampaigns(g.Terms.Source):
                _grants.Add((walletId, g.Grant));
                break;
            case Debited d:
                Burn(walletId, d.Coverage.Draws);
                break;
            case HoldCaptured c:
                Burn(walletId, c.Captured.Draws);
                break;
            case GrantExpired x when _grants.Contains((walletId, x.Grant)):
                Expired = checked(Expired + x.Amount.Value);
                break;
            case GrantRolledOver r when _grants.Contains((walletId, r.Source)):
                // What a rollover does not carry expires at the boundary; what it carries stays the campaign's.
                Expired = checked(Expired + r.Remainder - r.Carried);
                if (r.Carry is { } carry) _grants.Add((walletId, carry));
                break;
        }
    }

    public CampaignStatistics Statistics(int redemptions, long redeemed) => new(redemptions, redeemed, Burned, Expired);

    private bool IsThisCampaigns(GrantSource source) =>
        source.Kind == GrantSourceKind.Campaign && string.Equals(source.Reference, campaignId, StringComparison.Ordinal);

    private void Burn(string walletId, IReadOnlyList<Draw> draws)
    {
        foreach (var draw in draws)
            if (_grants.Contains((walletId, draw.Grant))) Burned = checked(Burned + draw.Amount);
    }
}

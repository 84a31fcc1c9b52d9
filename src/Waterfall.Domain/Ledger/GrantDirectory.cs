using Waterfall.Domain.Grants;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Ledger;

/// <summary>
/// One wallet's grants, learned from its journal (each <see cref="CreditsGranted"/>) or from a
/// snapshot's grants. Memory is one small record per grant the wallet ever received.
/// </summary>
public sealed class GrantDirectory : IGrantDirectory
{
    private readonly Dictionary<GrantId, BookedGrant> _grants = [];

    public int Count => _grants.Count;

    public BookedGrant? Find(GrantId grant) => _grants.GetValueOrDefault(grant);

    public void Add(GrantId id, GrantTerms terms) => _grants[id] = BookedGrant.From(id, terms);

    /// <summary>Learns the grant an event creates, if any.</summary>
    public void Observe(WalletEvent e)
    {
        if (e is CreditsGranted granted) Add(granted.Grant, granted.Terms);
        else if (e is Refilled refilled) Add(refilled.Grant, refilled.Terms);
        else if (e is GrantRolledOver { Carry: { } carry, CarryTerms: { } terms }) Add(carry, terms);
    }

    /// <summary>Seeds the directory from a snapshot, so a journal read from after it can be posted.</summary>
    public static GrantDirectory From(WalletSnapshot snapshot)
    {
        var directory = new GrantDirectory();
        foreach (var grant in snapshot.Grants) directory.Add(grant.Id, grant.Terms);
        return directory;
    }
}

using Waterfall.Domain.Grants;

namespace Waterfall.Domain.Ledger;

/// <summary>The grants of one wallet as the books see them, looked up by id when posting an event that draws on them.</summary>
public interface IGrantDirectory
{
    BookedGrant? Find(GrantId grant);
}

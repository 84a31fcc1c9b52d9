using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Grains.Billing;

/// <summary>
/// The models a plan or campaign may name (grant scopes, allowed models): the shipped catalog's. A
/// service of its own so tenant-defined models can join it without touching the billing grains.
/// </summary>
public class KnownModels(PriceCatalog catalog)
{
    public static readonly KnownModels Catalog = new(PriceCatalog.Default);

    public virtual bool Contains(string model) => catalog.TryGet(model, out _);
}

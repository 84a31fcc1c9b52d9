using Waterfall.Contracts;
using Waterfall.Contracts.Pricing;
using Waterfall.Domain.Pricing.Catalog;

namespace Waterfall.Grains.Pricing;

/// <summary>
/// One tenant's price book. The rules are <see cref="TenantPriceBook"/>'s; this grain keeps it
/// durable and answers from memory. A failed write puts memory back as it was.
/// </summary>
public sealed class TenantPricingGrain(
    [PersistentState("tenantpricing")] IPersistentState<TenantPricingGrainState> state,
    WalletClock clock) : Grain, ITenantPricingGrain
{
    private TenantPriceBook Book => new(state.State.Published, state.State.Draft);

    public Task<TenantPriceVersion?> GetCurrent() => Task.FromResult(state.State.Published.Count == 0 ? null : state.State.Published[^1]);

    public Task<TenantPriceVersion?> GetVersion(int version) => Task.FromResult(Book.VersionOf(version));

    public Task<TenantPriceSheet> GetSheet() => Task.FromResult(new TenantPriceSheet([.. state.State.Published], state.State.Draft));

    public async Task<Refusal?> SaveDraft(decimal markupPercent, ModelPrice[] overrides)
    {
        var book = Book;
        if (book.SaveDraft(markupPercent, overrides) is { } refusal) return refusal.ToContract();
        await Write(book);
        return null;
    }

    public async Task<Reply<TenantPriceVersion>> Publish(string idempotencyKey)
    {
        var book = Book;
        var (version, replayed, refusal) = book.Publish(idempotencyKey, clock.Now);
        if (refusal is not null) return ContractMapping.Refused<TenantPriceVersion>(refusal);
        if (!replayed) await Write(book);
        return new Reply<TenantPriceVersion>(version, null, replayed);
    }

    private async Task Write(TenantPriceBook book)
    {
        var (published, draft) = (state.State.Published, state.State.Draft);
        state.State.Published = [.. book.Published];
        state.State.Draft = book.Draft;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Published, state.State.Draft) = (published, draft);
            throw;
        }
    }
}

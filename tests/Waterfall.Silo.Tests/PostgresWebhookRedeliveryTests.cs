using Waterfall.Ledger;
using Waterfall.TestSupport;

namespace Waterfall.Silo.Tests;

[Collection("postgres")]
public sealed class PostgresWebhookRedeliveryTests(PostgresFixture postgres) : WebhookRedeliveryContract, IAsyncDisposable
{
    private readonly PostgresStore _store = new(postgres);

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() => _store.SettingsAsync();

    protected override Task<IEventOutbox> OpenOutboxAsync() => Task.FromResult<IEventOutbox>(_store.OpenLedger());

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}

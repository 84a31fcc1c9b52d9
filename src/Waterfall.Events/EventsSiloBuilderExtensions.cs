using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Events;

public static class EventsSiloBuilderExtensions
{
    /// <summary>
    /// The events module's silo side: webhook endpoints and their deliveries, the feed Watch streams
    /// read, the resumer that wakes deliveries after a restart. Reads the outbox of the configured store.
    /// </summary>
    public static ISiloBuilder AddWaterfallEvents(this ISiloBuilder silo, Action<EventsOptions>? configure = null)
    {
        var options = silo.Services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section);
        if (configure is not null) options.Configure(configure);
        // The wallets decide when a notice is due; the setting lives with the other event settings.
        silo.Services.AddOptions<WalletGrainOptions>().Configure<IOptions<EventsOptions>>((wallets, events) =>
            wallets.GrantExpiringLeadTime = events.Value.GrantExpiringLeadTime);
        silo.AddWalletClock();
        silo.Services.TryAddSingleton<AnnouncementSignal>();
        silo.Services.AddSingleton<IAnnouncementListener, EventsAnnouncementListener>();
        silo.Services.TryAddSingleton<IEventOutbox>(sp =>
            sp.GetService<ILedgerStore>() as IEventOutbox ?? sp.GetService<IWalletJournal>() as IEventOutbox
            ?? throw new InvalidOperationException("The configured wallet journal keeps no event outbox; register an IEventOutbox."));
        silo.Services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        silo.Services.TryAddSingleton<WebhookSecretProtector>();
        silo.Services.TryAddSingleton<WebhookSender>();
        silo.Services.AddHostedService<WebhookResumer>();
        // Every attempt would otherwise be logged twice at Information by the HTTP client factory.
        silo.Services.AddLogging(l => l.AddFilter("System.Net.Http.HttpClient." + WebhookSender.ClientName, LogLevel.Warning));
        return silo;
    }
}

using System.Net;
using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Auth;
using Waterfall.Grains;
using Waterfall.Grains.Settlement;
using Waterfall.Ledger;
using Waterfall.Silo.Telemetry;
using Waterfall.Storage.Sqlite;
using Waterfall.TopUps;
using Waterfall.X402;

namespace Waterfall.Silo.Hosting;

/// <summary>
/// Every options class the silo binds, validated when the host starts (before any hosted service runs), each
/// failure naming the full configuration key. docs/configuration.md lists the same keys.
/// </summary>
public static class ConfigurationValidation
{
    public static IServiceCollection AddWaterfallConfigurationValidation(this IServiceCollection services)
    {
        const string store = StoreOptions.Section;
        Bind<StoreOptions>(services, store)
            .Validate(o => o.IsEmbedded || o.IsPostgres || o.IsMemory, $"{store}:Kind must be embedded, postgres or memory.")
            .Validate(o => o.IdempotencyRetention > TimeSpan.Zero, $"{store}:IdempotencyRetention must be a positive time span (e.g. 24:00:00).")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, $"{store}:PurgeInterval must be a positive time span (e.g. 01:00:00).")
            .ValidateOnStart();

        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidation>();

        const string groupCommit = GroupCommitOptions.Section;
        Bind<GroupCommitOptions>(services, groupCommit)
            .Validate(o => o.MaxBatchEntries is >= 1 and <= 100_000, $"{groupCommit}:MaxBatchEntries must be between 1 and 100000.")
            .Validate(o => o.MaxConcurrentBatches is >= 1 and <= 64, $"{groupCommit}:MaxConcurrentBatches must be between 1 and 64.")
            .ValidateOnStart();

        const string embedded = SqliteLedgerOptions.Section;
        Bind<SqliteLedgerOptions>(services, embedded)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), $"{embedded}:Path must name a file.")
            .Validate(o => o.Synchronous.ToUpperInvariant() is "FULL" or "NORMAL" or "EXTRA", $"{embedded}:Synchronous must be FULL, NORMAL or EXTRA.")
            .Validate(o => o.WriterCacheBytes is >= 1024 * 1024 and <= 16L * 1024 * 1024 * 1024, $"{embedded}:WriterCacheBytes must be between 1048576 (1 MB) and 17179869184 (16 GB).")
            .ValidateOnStart();

        const string wallets = WalletGrainOptions.Section;
        Bind<WalletGrainOptions>(services, wallets)
            .Validate(o => o.IdempotencyRetention > TimeSpan.Zero, $"{wallets}:IdempotencyRetention must be a positive time span.")
            .Validate(o => o.MaxIdempotencyKeys >= 1, $"{wallets}:MaxIdempotencyKeys must be at least 1.")
            .Validate(o => o.ExpiryScanInterval > TimeSpan.Zero, $"{wallets}:ExpiryScanInterval must be a positive time span.")
            .Validate(o => o.SnapshotInterval >= 1, $"{wallets}:SnapshotInterval must be at least 1.")
            .Validate(o => o.MinSnapshotSpacing >= TimeSpan.Zero, $"{wallets}:MinSnapshotSpacing must not be negative.")
            .ValidateOnStart();

        const string settlement = SettlementOptions.Section;
        Bind<SettlementOptions>(services, settlement)
            .Validate(o => o.BatchWindow > TimeSpan.Zero, $"{settlement}:BatchWindow must be a positive time span.")
            .Validate(o => o.MaxBatchSize is >= 1 and <= 10_000, $"{settlement}:MaxBatchSize must be between 1 and 10000.")
            .Validate(o => o.Confirmations >= 1, $"{settlement}:Confirmations must be at least 1.")
            .Validate(o => o.ReplaceAfter > TimeSpan.Zero, $"{settlement}:ReplaceAfter must be a positive time span.")
            .Validate(o => o.MaxAttempts >= 1, $"{settlement}:MaxAttempts must be at least 1.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"{settlement}:PollInterval must be a positive time span.")
            .Validate(o => o.OutcomesKept >= 0, $"{settlement}:OutcomesKept must not be negative.")
            .ValidateOnStart();

        const string topUps = TopUpOptions.Section;
        Bind<TopUpOptions>(services, topUps)
            .Validate(o => o.SettlementWait >= TimeSpan.Zero, $"{topUps}:SettlementWait must not be negative.")
            .Validate(o => o.MaxTimeoutSeconds > 0, $"{topUps}:MaxTimeoutSeconds must be positive.")
            .Validate(o => o.MaxAmountNanos > 0, $"{topUps}:MaxAmountNanos must be positive.")
            .ValidateOnStart();

        const string x402 = X402Options.SectionName;
        Bind<X402Options>(services, x402)
            .Validate(o => o.ReceiptTimeout > TimeSpan.Zero, $"{x402}:ReceiptTimeout must be a positive time span.")
            .Validate(o => o.Clock.Equals("System", StringComparison.OrdinalIgnoreCase) || o.Clock.Equals("Chain", StringComparison.OrdinalIgnoreCase),
                $"{x402}:Clock must be System or Chain.")
            .ValidateOnStart();

        services.AddSingleton<IValidateOptions<TenantOptions>, TenantOptionsValidation>();
        services.AddOptions<TenantOptions>().ValidateOnStart();

        const string host = WaterfallHostOptions.Section;
        Bind<WaterfallHostOptions>(services, host)
            .Validate(o => o.ShutdownTimeout > TimeSpan.Zero, $"{host}:ShutdownTimeout must be a positive time span (e.g. 00:00:30).")
            .Validate(o => o.ShutdownDelay >= TimeSpan.Zero && o.ShutdownDelay < o.ShutdownTimeout,
                $"{host}:ShutdownDelay must not be negative and must be shorter than {host}:ShutdownTimeout.")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<WaterfallHostOptions>>((hosting, ours) => hosting.ShutdownTimeout = ours.Value.ShutdownTimeout);

        const string telemetry = TelemetryOptions.Section;
        services.AddOptions<TelemetryOptions>()
            .Validate(o => o.OtlpEndpoint is null || TelemetryOptions.IsHttpUrl(o.OtlpEndpoint),
                $"{telemetry}:OtlpEndpoint must be an absolute URL (e.g. http://otel-collector:4317).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), $"{telemetry}:ServiceName must not be empty.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Ports, ids and the advertised address; also checked while the silo is built, since Orleans reads them then.</summary>
    internal sealed class ClusterOptionsValidation : IValidateOptions<ClusterOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClusterOptions o)
        {
            const string cluster = ClusterOptions.Section;
            var failures = new List<string>();
            if (o.SiloPort is <= 0 or > 65535) failures.Add($"{cluster}:SiloPort must be between 1 and 65535.");
            if (o.GatewayPort is <= 0 or > 65535) failures.Add($"{cluster}:GatewayPort must be between 1 and 65535.");
            if (o.SiloPort == o.GatewayPort) failures.Add($"{cluster}:SiloPort and {cluster}:GatewayPort must differ.");
            if (string.IsNullOrWhiteSpace(o.ServiceId)) failures.Add($"{cluster}:ServiceId must not be empty.");
            if (string.IsNullOrWhiteSpace(o.ClusterId)) failures.Add($"{cluster}:ClusterId must not be empty.");
            if (!string.IsNullOrEmpty(o.AdvertisedAddress) && !IPAddress.TryParse(o.AdvertisedAddress, out _))
                failures.Add($"{cluster}:AdvertisedAddress must be an IP address (e.g. 10.0.0.12).");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        public static void ThrowIfInvalid(ClusterOptions options)
        {
            var result = new ClusterOptionsValidation().Validate(null, options);
            if (result.Failed) throw new OptionsValidationException(ClusterOptions.Section, typeof(ClusterOptions), result.Failures);
        }
    }

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section);

    /// <summary>Tenant ids and key hashes, each failure naming the key's index, e.g. <c>Waterfall:Tenants:acme:ApiKeys:0:Sha256</c>.</summary>
    private sealed class TenantOptionsValidation : IValidateOptions<TenantOptions>
    {
        public ValidateOptionsResult Validate(string? name, TenantOptions options)
        {
            var failures = new List<string>();
            foreach (var (tenantId, tenant) in options.Tenants)
            {
                var prefix = $"{TenantOptions.Section}:{tenantId}";
                if (!Domain.Identifier.IsValid(tenantId))
                    failures.Add($"{prefix}: '{tenantId}' is not a valid tenant id (letters, digits, '-', '_', '.').");
                for (var i = 0; i < tenant.ApiKeys.Count; i++)
                {
                    var hash = tenant.ApiKeys[i].Sha256.Trim();
                    if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                        failures.Add($"{prefix}:ApiKeys:{i}:Sha256 must be the key's SHA-256 as 64 hex characters.");
                }
                if (tenant.MarkupPercent is < 0 or > 10_000)
                    failures.Add($"{prefix}:MarkupPercent must be between 0 and 10000.");
            }
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

using Waterfall.Contracts;

namespace Waterfall.Silo;

/// <summary>
/// In Development: makes sure the demo tenant has a funded wallet, and prints how to call it.
/// Idempotent keys make the seeding safe on every start.
/// </summary>
internal sealed partial class DemoTenant(
    IGrainFactory grains, IConfiguration configuration, ILogger<DemoTenant> logger, IHostApplicationLifetime lifetime, Health.SiloStartup startup) : IHostedService
{
    public const string EnabledKey = "Waterfall:Demo:Enabled";
    public const string TenantId = "demo";
    public const string ApiKey = "wf_demo_admin_key";
    public const string WalletId = "demo-wallet";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>(EnabledKey)) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() => _ = SeedAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync()
    {
        try
        {
            var wallet = grains.Wallet(TenantId, WalletId);
            var opened = await wallet.Open(new OpenWallet("demo-open", new WalletSettings(0, 0, null, null, null, [], null)));
            if (opened.Refusal is { Reason: not "WALLET_ALREADY_EXISTS" } refusal) throw new InvalidOperationException(refusal.Message);
            await wallet.Grant(new GrantCredits("demo-welcome-credit",
                new GrantTerms("promotional", new Amount(5_000_000_000, "usd"), 10, null, null, new GrantScope([], [], []), 2, "welcome", 0m), null));
            startup.MarkDemoSeeded();
            var grpc = Hosting.Endpoints.Url(configuration, Hosting.Endpoints.Grpc);
            LogReady(logger, grpc, ApiKey, WalletId, Hosting.Endpoints.HostAndPort(grpc),
                Hosting.Endpoints.Url(configuration, Hosting.Endpoints.Http), Hosting.Endpoints.Url(configuration, Hosting.Endpoints.Admin));
        }
        catch (Exception ex)
        {
            LogSeedFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = """

        Waterfall is running. gRPC (waterfall.v1, reflection on) at {Grpc}
        Demo tenant API key: {Key}   Demo wallet: {Wallet} (USD 5 of promotional credit)

        Try it with grpcurl (https://github.com/fullstorydev/grpcurl):
          grpcurl -plaintext -H 'authorization: Bearer wf_demo_admin_key' -d '{{"wallet_id":"demo-wallet"}}' {Host} waterfall.v1.WalletService/GetWallet
          grpcurl -plaintext -H 'authorization: Bearer wf_demo_admin_key' -d '{{"wallet_id":"demo-wallet","idempotency_key":"call-1","usage":{{"model":"gpt-4o","input_tokens":1200,"output_tokens":300}}}}' {Host} waterfall.v1.WalletService/Debit
        Or from .NET: new WaterfallClient(new Uri("{Grpc}"), "wf_demo_admin_key") (project src/Waterfall.Client).
        HTTP API (wallet keys, x402 top-ups, the LLM gateway) at {Http}: see "Top up a wallet" in the README.
        Health: {Admin}/health/ready (also /health/live, /health/startup, /metrics)
        """)]
    private static partial void LogReady(ILogger logger, string grpc, string key, string wallet, string host, string http, string admin);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not seed the demo wallet")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception);
}

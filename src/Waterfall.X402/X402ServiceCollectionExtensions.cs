using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Waterfall.X402;

public static class X402ServiceCollectionExtensions
{
    /// <summary>The named HttpClient the JSON-RPC clients use.</summary>
    public const string HttpClientName = "Waterfall.X402";

    /// <summary>
    /// Registers x402: <see cref="X402Options"/> bound from <c>Waterfall:X402</c> (plus <paramref name="configure"/>),
    /// the networks, one RPC client per network, the clock, <see cref="PaymentRequirementsFactory"/>,
    /// <see cref="ExactEvmVerifier"/>, the settlement key and <see cref="ExactEvmSettler"/> as the
    /// <see cref="IPaymentSettler"/> (unless one is registered already), and <see cref="X402Facilitator"/>.
    /// Without a signer key everything but settlement works.
    /// </summary>
    public static IServiceCollection AddX402(this IServiceCollection services, Action<X402Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<X402Options>().BindConfiguration(X402Options.SectionName);
        if (configure is not null)
            options.Configure(configure);
        // X402Chains keeps its HttpClient for the life of the process, so connections are recycled by the
        // handler (picking up DNS changes of the RPC host) instead of by the factory's handler rotation.
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => X402Networks.FromOptions(sp.GetRequiredService<IOptions<X402Options>>().Value));
        services.TryAddSingleton(sp => new X402Chains(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<X402Networks>()));
        services.TryAddSingleton<IPaymentClock>(sp =>
            string.Equals(sp.GetRequiredService<IOptions<X402Options>>().Value.Clock, "Chain", StringComparison.OrdinalIgnoreCase)
                ? new ChainPaymentClock(sp.GetRequiredService<X402Chains>())
                : new SystemPaymentClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PaymentRequirementsFactory(sp.GetRequiredService<X402Networks>()));
        services.TryAddSingleton(sp => new SignerSource(FacilitatorSigner.FromOptions(sp.GetRequiredService<IOptions<X402Options>>().Value)));
        services.TryAddSingleton(sp => sp.GetRequiredService<SignerSource>().Signer
            ?? throw new InvalidOperationException("No x402 signer key is configured (Waterfall:X402:SignerPrivateKey or SignerPrivateKeyFile)."));
        services.TryAddSingleton(sp => new ExactEvmVerifier(
            sp.GetRequiredService<X402Chains>(),
            sp.GetRequiredService<IPaymentClock>(),
            sp.GetService<ILogger<ExactEvmVerifier>>(),
            sp.GetRequiredService<SignerSource>().Signer?.Address));
        services.TryAddSingleton(sp => new ExactEvmSettler(
            sp.GetRequiredService<X402Chains>(),
            sp.GetRequiredService<ExactEvmVerifier>(),
            sp.GetRequiredService<FacilitatorSigner>(),
            sp.GetRequiredService<IOptions<X402Options>>().Value.ReceiptTimeout,
            sp.GetService<ILogger<ExactEvmSettler>>()));
        services.TryAddSingleton<IPaymentSettler>(sp => sp.GetRequiredService<ExactEvmSettler>());
        services.TryAddSingleton(sp =>
        {
            var signer = sp.GetRequiredService<SignerSource>().Signer;
            return new X402Facilitator(
                sp.GetRequiredService<ExactEvmVerifier>(),
                signer is null ? null : sp.GetRequiredService<IPaymentSettler>(),
                signer,
                sp.GetService<ILogger<X402Facilitator>>());
        });
        return services;
    }

    /// <summary>The configured key, or none: lets everything that can work without a signer resolve.</summary>
    internal sealed record SignerSource(FacilitatorSigner? Signer);
}

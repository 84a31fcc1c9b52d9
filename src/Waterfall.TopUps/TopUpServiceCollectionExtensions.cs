using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waterfall.Contracts.Settlement;
using Waterfall.Domain.Settlement;
using Waterfall.X402;

namespace Waterfall.TopUps;

public static class TopUpServiceCollectionExtensions
{
    /// <summary>
    /// Registers x402 (see AddX402), <see cref="WalletTopUps"/> and <see cref="InvoicePayments"/> with <see cref="TopUpOptions"/> from
    /// <c>Waterfall:TopUps</c>, and the start-up resume of settlement grains.
    /// </summary>
    public static IServiceCollection AddWalletTopUps(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddX402();
        services.AddOptions<TopUpOptions>().BindConfiguration(TopUpOptions.Section);
        services.TryAddSingleton<WalletTopUps>();
        services.TryAddSingleton<InvoicePayments>();
        services.AddHostedService<SettlementResumer>();
        return services;
    }

    /// <summary>
    /// Settles top-ups on chain with <see cref="EvmSettlementChain"/> (replacing the stand-in that refuses to).
    /// Call on the silo's services when <see cref="SettlesOnChain"/> says the configuration allows it.
    /// </summary>
    public static IServiceCollection AddEvmSettlementChain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<EvmSettlementChain>();
        services.Replace(ServiceDescriptor.Singleton<ISettlementChain>(sp => sp.GetRequiredService<EvmSettlementChain>()));
        // Refills from a USDC allowance are pulled by the same settlement account, to the network's top-up payee.
        services.TryAddSingleton(sp =>
        {
            var signer = sp.GetRequiredService<FacilitatorSigner>();
            var targets = sp.GetRequiredService<X402Chains>().Networks.All
                .Where(n => n.TopUpPayTo is not null)
                .Select(n => new SettlementTarget(n.Id, n.Asset.ToString(), n.TopUpPayTo!.Value.ToString()))
                .ToList();
            return new RefillPulls(signer.Address.ToString(), targets);
        });
        return services;
    }

    /// <summary>True when a network takes top-ups, which needs the settlement key to settle them.</summary>
    public static bool SettlesOnChain(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(X402Options.SectionName).Get<X402Options>() ?? new X402Options();
        if (!options.Networks.Values.Any(n => !string.IsNullOrWhiteSpace(n.TopUpPayTo))) return false;
        if (FacilitatorSigner.FromOptions(options) is null)
            throw new InvalidOperationException("A network takes top-ups (TopUpPayTo) but no settlement key is configured: set Waterfall:X402:SignerPrivateKey or SignerPrivateKeyFile.");
        return true;
    }
}

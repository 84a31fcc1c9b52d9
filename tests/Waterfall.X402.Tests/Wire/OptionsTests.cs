using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waterfall.X402.Tests.Support;

namespace Waterfall.X402.Tests.Wire;

public sealed class OptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddX402();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void A_built_in_network_needs_only_its_name_in_configuration()
    {
        using var provider = Build(new() { ["Waterfall:X402:Networks:base:RpcUrl"] = "https://base.example/rpc" });

        var network = provider.GetRequiredService<X402Networks>().Get("eip155:8453");

        Assert.Equal(8453UL, network.ChainId);
        Assert.Equal("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", network.Asset.ToString());
        Assert.Equal("USD Coin", network.AssetName);
        Assert.Equal("2", network.AssetVersion);
        Assert.Equal("base", network.V1Name);
        Assert.Equal(new Uri("https://base.example/rpc"), network.RpcUrl);
    }

    [Fact]
    public void Base_sepolia_and_a_local_chain_bind_from_the_waterfall_x402_section()
    {
        using var provider = Build(new()
        {
            ["Waterfall:X402:FacilitatorPath"] = "/pay",
            ["Waterfall:X402:Networks:base-sepolia:Confirmations"] = "3",
            ["Waterfall:X402:Networks:local:Network"] = "eip155:31337",
            ["Waterfall:X402:Networks:local:RpcUrl"] = "http://127.0.0.1:8545",
            ["Waterfall:X402:Networks:local:Asset"] = X402Vector.Token,
            ["Waterfall:X402:Networks:local:AssetName"] = "USD Coin",
            ["Waterfall:X402:Networks:local:AssetVersion"] = "2",
        });

        var networks = provider.GetRequiredService<X402Networks>();
        var sepolia = networks.Get("eip155:84532");
        var local = networks.Get("eip155:31337");

        Assert.Equal("/pay", provider.GetRequiredService<IOptions<X402Options>>().Value.FacilitatorPath);
        Assert.Equal("0x036CbD53842c5426634e7929541eC2318f3dCF7e", sepolia.Asset.ToString());
        Assert.Equal("USDC", sepolia.AssetName);
        Assert.Equal(3, sepolia.Confirmations);
        Assert.Equal(31337UL, local.ChainId);
        Assert.Equal(X402Vector.Token, local.Asset.ToString());
        Assert.Equal(2, networks.All.Count);
    }

    [Fact]
    public void A_chain_id_that_contradicts_the_caip2_id_is_a_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => X402Network.FromOptions("local", new X402NetworkOptions
        {
            Network = "eip155:31337", ChainId = 1, RpcUrl = "http://x", Asset = X402Vector.Token, AssetName = "USD Coin", AssetVersion = "2",
        }));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signer_key_never_shows_in_the_options_the_signer_or_an_error()
    {
        const string key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
        var options = new X402Options { SignerPrivateKey = key };

        var signer = FacilitatorSigner.FromOptions(options)!;
        var badKey = Assert.Throws<InvalidOperationException>(() => FacilitatorSigner.FromOptions(new X402Options { SignerPrivateKey = key[..^2] + "zz" }));

        Assert.DoesNotContain(key[2..], options.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key[2..], signer.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key[2..12], badKey.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", signer.Address.ToString());
    }

    [Fact]
    public void The_signer_key_can_come_from_a_mounted_secret_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d\n");

            var signer = FacilitatorSigner.FromOptions(new X402Options { SignerPrivateKeyFile = file })!;

            Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", signer.Address.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_a_signer_the_facilitator_still_resolves_and_advertises_no_signer()
    {
        using var provider = Build(new() { ["Waterfall:X402:Networks:base-sepolia:RpcUrl"] = "http://127.0.0.1:1" });

        var supported = provider.GetRequiredService<X402Facilitator>().GetSupported();

        Assert.Empty(supported.Signers);
        Assert.Equal(
            "{\"kinds\":[{\"x402Version\":2,\"scheme\":\"exact\",\"network\":\"eip155:84532\"},{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"base-sepolia\"}],\"extensions\":[],\"signers\":{}}",
            X402Json.Stringify(supported));
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waterfall.FrontDoor.Auth;
using Waterfall.Silo;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Security;

/// <summary>Issue 17: one API key, one tenant — checked when the silo starts, not at the first call.</summary>
public class TenantKeyTests
{
    private static TenantOptions Tenants(params (string Tenant, string Name, string Key)[] keys)
    {
        var options = new TenantOptions();
        foreach (var (tenant, name, key) in keys)
        {
            if (!options.Tenants.TryGetValue(tenant, out var config)) options.Tenants[tenant] = config = new TenantConfig();
            config.ApiKeys.Add(new ApiKeyConfig { Name = name, Sha256 = TenantDirectory.Hash(key), Scope = ApiScope.Admin });
        }
        return options;
    }

    [Fact]
    public void The_same_key_hash_configured_for_two_tenants_is_refused_naming_both_keys_but_not_the_hash()
    {
        var options = Tenants(("acme", "ci", "shared-key"), ("globex", "ops", "shared-key"));

        var result = new TenantOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("'ci' of tenant 'acme'", failure);
        Assert.Contains("'ops' of tenant 'globex'", failure);
        Assert.DoesNotContain(TenantDirectory.Hash("shared-key"), failure, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<OptionsValidationException>(() => new TenantDirectory(Options.Create(options)));
    }

    [Fact]
    public void Distinct_keys_are_each_their_own_tenants_caller()
    {
        var directory = new TenantDirectory(Options.Create(Tenants(("acme", "ci", "key-a"), ("globex", "ops", "key-b"))));

        Assert.Equal("acme", directory.Authenticate("Bearer key-a", null, ApiScope.Read, out _)?.TenantId);
        Assert.Equal("globex", directory.Authenticate(null, "key-b", ApiScope.Read, out _)?.TenantId);
        Assert.Null(directory.Authenticate("Bearer key-c", null, ApiScope.Read, out var refusal));
        Assert.Equal("UNAUTHENTICATED", refusal?.Reason);
    }

    [Fact]
    public async Task A_silo_configured_with_one_key_for_two_tenants_does_not_start()
    {
        var settings = new Dictionary<string, string?>(SiloEndpoints.Next().Settings())
        {
            ["Waterfall:Cluster:ClusterId"] = $"dup-{Guid.NewGuid():N}",
            ["Waterfall:Demo:Enabled"] = "false",
            ["Waterfall:Store:Kind"] = "memory",
            ["Waterfall:Tenants:acme:ApiKeys:0:Name"] = "ci",
            ["Waterfall:Tenants:acme:ApiKeys:0:Sha256"] = TenantDirectory.Hash("shared-key"),
            ["Waterfall:Tenants:globex:ApiKeys:0:Name"] = "ops",
            ["Waterfall:Tenants:globex:ApiKeys:0:Sha256"] = TenantDirectory.Hash("shared-key").ToUpperInvariant(),
        };
        await using var app = SiloHost.Build(["--environment", "Testing"], builder => builder.Configuration.AddInMemoryCollection(settings));

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("tenant 'globex'", error.Message);
    }
}

using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Waterfall.Client;
using Waterfall.Contracts.Events;
using Waterfall.Domain.Events;
using Waterfall.Testing;
using Waterfall.TestSupport;
using Xunit;

namespace Waterfall.Events.Tests;

public class SecretsAtRestTests
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task An_endpoint_secret_is_sealed_in_grain_storage_and_deliveries_still_verify_with_it()
    {
        await using var h = await EventsHarness.StartAsync(e => e.SecretKeys = new() { ["k1"] = NewKey() });
        // The receiver checks every signature with the secret it was given: the sealed one opens for signing.
        await h.Waterfall.Sdk.CreateWalletAsync("w-1");
        await h.Waterfall.Sdk.GrantCreditsAsync("w-1", Amounts.Nanos(1_000));
        await h.Waterfall.Sdk.DebitAsync("w-1", Amounts.Nanos(1_000));
        await Eventually.UntilAsync(() => h.Receiver.OfType(EventTypes.Depleted).Any(), "depleted arrives signed");

        // What storage holds once the endpoint and its delivery have written their state.
        var storage = h.Waterfall.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");
        var endpoints = new GrainState<WebhookEndpointsState>();
        await storage.ReadStateAsync("webhook-endpoints", h.Waterfall.Client.GetGrain<IWebhookEndpointsGrain>(WaterfallTestCluster.TenantId).GetGrainId(), endpoints);
        // The delivery stores its state after the receiver has answered: wait for the write, not only the delivery.
        var delivery = await Eventually.UntilAsync(async () =>
        {
            var state = new GrainState<WebhookDeliveryState>();
            await storage.ReadStateAsync("webhook-delivery", h.Delivery.GetGrainId(), state);
            return state;
        }, state => state.RecordExists, TimeSpan.FromSeconds(30));
        Assert.True(endpoints.RecordExists, "the endpoints' state was not found in storage");
        Assert.True(delivery.RecordExists, "the delivery's state was not found in storage");

        var plain = h.Endpoint.Secret;
        Assert.StartsWith("whsec_", plain);
        foreach (var stored in new[] { endpoints.State!.Endpoints.Single().Secret, delivery.State!.Endpoint!.Secret })
        {
            Assert.StartsWith("wfsec1:k1:", stored);
            Assert.DoesNotContain(plain["whsec_".Length..], stored);
        }
        Assert.Empty(h.Receiver.Rejected);
    }

    [Fact]
    public void A_sealed_secret_opens_only_for_its_own_endpoint()
    {
        var secrets = Protector(new() { ["k1"] = NewKey() });
        var sealedSecret = secrets.Protect("we_a", "whsec_abc");

        Assert.Equal("whsec_abc", secrets.Unprotect("we_a", sealedSecret));
        Assert.ThrowsAny<CryptographicException>(() => secrets.Unprotect("we_b", sealedSecret));
    }

    [Fact]
    public void After_a_key_rotation_secrets_sealed_with_the_old_key_still_open_and_new_ones_use_the_new_key()
    {
        var (old, next) = (NewKey(), NewKey());
        var sealedBefore = Protector(new() { ["2026-01"] = old }).Protect("we_a", "whsec_abc");
        var rotated = Protector(new() { ["2026-01"] = old, ["2026-12"] = next }, current: "2026-12");

        Assert.Equal("whsec_abc", rotated.Unprotect("we_a", sealedBefore));
        Assert.StartsWith("wfsec1:2026-12:", rotated.Protect("we_a", "whsec_abc"));
        var retired = Protector(new() { ["2026-12"] = next });
        var error = Assert.Throws<InvalidOperationException>(() => retired.Unprotect("we_a", sealedBefore));
        Assert.Contains("'2026-01'", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_32_bytes_stops_the_silo_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector(new() { ["k1"] = Convert.ToBase64String(new byte[16]) }));
        Assert.Contains("32 bytes", error.Message);
    }

    private static WebhookSecretProtector Protector(Dictionary<string, string> keys, string? current = null) =>
        new(Options.Create(new EventsOptions { SecretKeys = keys, SecretKeyId = current }));
}

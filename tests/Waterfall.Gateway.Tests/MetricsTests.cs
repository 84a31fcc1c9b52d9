using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenAI.Chat;

namespace Waterfall.Gateway.Tests;

[Collection("gateway")]
public class MetricsTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Calls_upstream_time_overhead_grown_holds_and_cut_streams_are_measured()
    {
        var seen = new ConcurrentDictionary<string, double>();
        var outcomes = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            seen.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            foreach (var tag in tags)
                if (instrument.Name == "waterfall.gateway.calls" && tag.Key == "outcome") outcomes.Add((string)tag.Value!);
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var rich = gateway.OpenAI(await gateway.WalletKeyAsync(await gateway.FundedWalletAsync(1m))).GetChatClient("gpt-4o-mini");
        await rich.CompleteChatAsync([new UserChatMessage("fake:output=3")]);
        // A thin wallet: the stream starts on a slice, grows, and is cut.
        var thin = gateway.OpenAI(await gateway.WalletKeyAsync(await gateway.FundedWalletAsync(0.00002m))).GetChatClient("gpt-4o-mini");
        await foreach (var _ in thin.CompleteChatStreamingAsync([new UserChatMessage("fake:output=200")], new ChatCompletionOptions { MaxOutputTokenCount = 200 })) { }
        listener.RecordObservableInstruments();

        Assert.Contains("settled", outcomes);
        Assert.Contains("cut", outcomes);
        Assert.True(seen.GetValueOrDefault("waterfall.gateway.calls") >= 2);
        Assert.True(seen.ContainsKey("waterfall.gateway.upstream.duration"));
        Assert.True(seen.ContainsKey("waterfall.gateway.overhead"));
        Assert.True(seen.GetValueOrDefault("waterfall.gateway.holds.grown") >= 1);
        Assert.True(seen.GetValueOrDefault("waterfall.gateway.streams.cut") >= 1);
        Assert.True(seen.GetValueOrDefault("waterfall.gateway.charged") > 0);
    }
}

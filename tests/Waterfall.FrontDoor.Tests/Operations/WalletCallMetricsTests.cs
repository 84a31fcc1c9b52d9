using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Waterfall.Domain;
using Waterfall.Silo.Telemetry;

namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>
/// How the silo counts what the front door answered: an answer is "ok", a refusal "refused" with the
/// <c>ErrorInfo</c> reason the client gets, and INTERNAL, UNKNOWN or CANCELLED "failed" with no reason.
/// </summary>
public sealed class WalletCallMetricsTests : IDisposable
{
    private const string Debit = "/waterfall.v1.WalletService/Debit";
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, Dictionary<string, string> Tags)> _recorded = [];
    private readonly WalletCallMetrics _calls;

    public WalletCallMetricsTests()
    {
        var metrics = new WalletMetrics(_services.GetRequiredService<IMeterFactory>());
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WalletMetrics.MeterName && instrument is Counter<long>) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            _recorded.Add((instrument.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? ""))));
        _listener.Start();
        _calls = new WalletCallMetrics(metrics);
    }

    [Fact]
    public void An_answered_call_counts_as_ok_under_its_operation()
    {
        _calls.Answered(Debit, TimeSpan.FromMilliseconds(2));

        var (instrument, tags) = Assert.Single(_recorded);
        Assert.Equal("waterfall.wallets.operations", instrument);
        Assert.Equal("WalletService/Debit", tags["operation"]);
        Assert.Equal("ok", tags["outcome"]);
    }

    [Fact]
    public void A_refusal_counts_as_refused_with_the_reason_the_client_gets()
    {
        _calls.Failed(Debit, RpcErrors.From(Refusal.Of(Reasons.InsufficientFunds, "Not enough credit.")), TimeSpan.FromMilliseconds(2));

        Assert.Equal("INSUFFICIENT_FUNDS", Assert.Single(_recorded, r => r.Instrument == "waterfall.wallets.refusals").Tags["reason"]);
        Assert.Equal("refused", Assert.Single(_recorded, r => r.Instrument == "waterfall.wallets.operations").Tags["outcome"]);
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.Cancelled)]
    public void An_error_that_is_not_a_refusal_counts_as_failed_with_no_reason(StatusCode status)
    {
        _calls.Failed(Debit, new RpcException(new Status(status, "gone")), TimeSpan.FromMilliseconds(2));

        var (instrument, tags) = Assert.Single(_recorded);
        Assert.Equal("waterfall.wallets.operations", instrument);
        Assert.Equal("failed", tags["outcome"]);
    }

    [Fact]
    public void A_status_without_error_info_is_refused_under_the_status_name()
    {
        _calls.Failed(Debit, new RpcException(new Status(StatusCode.PermissionDenied, "no")), TimeSpan.FromMilliseconds(2));

        Assert.Equal("PERMISSIONDENIED", Assert.Single(_recorded, r => r.Instrument == "waterfall.wallets.refusals").Tags["reason"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}

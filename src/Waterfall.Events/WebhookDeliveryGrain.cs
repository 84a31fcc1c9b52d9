using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waterfall.Contracts.Events;
using Waterfall.Domain.Events;
using Waterfall.Grains;
using Waterfall.Ledger;

namespace Waterfall.Events;

/// <summary>
/// Delivers one endpoint's events, one at a time in outbox order (so in order per wallet), at least
/// once: the cursor moves only past an event the receiver acknowledged with a 2xx. A failure waits
/// (exponential backoff on the wallet clock) and retries the same event; failing for the whole retry
/// horizon disables the endpoint and announces <c>webhook.endpoint_disabled</c>. Runs while there is
/// work, on a timer; the resumer and new events wake it.
/// </summary>
internal sealed partial class WebhookDeliveryGrain(
    [PersistentState("webhook-delivery")] IPersistentState<WebhookDeliveryState> state,
    IEventOutbox outbox,
    WebhookSender sender,
    WalletClock clock,
    IOptions<EventsOptions> options,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain
{
    private const int PageSize = 100;
    private IGrainTimer? _timer;
    private Task? _pumping;
    private bool _again;

    private string Tenant => this.GetPrimaryKeyString().Split('/')[0];

    public Task Deliver(WebhookEndpoint endpoint)
    {
        state.State.Endpoint = endpoint;
        if (endpoint.Enabled) state.State.Disabled = false;
        Wake();
        return Task.CompletedTask;
    }

    public Task<WebhookDeliveryStatus> Status() => Task.FromResult(new WebhookDeliveryStatus(
        state.State.Cursor, state.State.Attempts, state.State.FailingSince, state.State.NextAttemptAt, state.State.Disabled, [.. state.State.Log]));

    public async Task Replay(WebhookEndpoint endpoint, long fromPosition)
    {
        if (_pumping is { } running) await running;
        state.State.Endpoint = endpoint;
        state.State.Cursor = Math.Min(state.State.Cursor, Math.Max(0, fromPosition - 1));
        (state.State.Attempts, state.State.FailingSince, state.State.NextAttemptAt, state.State.Disabled) = (0, null, null, !endpoint.Enabled);
        await state.WriteStateAsync();
        Wake();
    }

    public async Task<WebhookAttempt> SendTest(WebhookEndpoint endpoint)
    {
        var now = clock.Now;
        var id = $"evt_test_{Guid.NewGuid():N}";
        var test = new OutboxEvent(0, id, EventTypes.Test, now, Tenant, null, null, 0, 0, EventTypes.PayloadVersion,
            EventPayloads.Test($"Test event for endpoint {endpoint.Id}."));
        var (status, error, latency) = await sender.SendAsync(endpoint, test, CancellationToken.None);
        var attempt = new WebhookAttempt(id, test.Type, 0, 1, now, status, error, latency, error is null);
        await Record(attempt);
        return attempt;
    }

    public async Task Forget()
    {
        _timer?.Dispose();
        _timer = null;
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private void Wake()
    {
        StartPump();
        var interval = options.Value.PollInterval;
        _timer ??= this.RegisterGrainTimer(OnTimer, new GrainTimerCreationOptions(interval, interval) { Interleave = true, KeepAlive = true });
    }

    private Task OnTimer(CancellationToken cancellationToken)
    {
        StartPump();
        return Task.CompletedTask;
    }

    /// <summary>One pump at a time; it runs on the grain's scheduler, between the grain's calls.</summary>
    private void StartPump()
    {
        if (_pumping is not null)
        {
            _again = true; // it may have read the outbox before the news: it looks once more
            return;
        }
        var pump = PumpAsync();
        if (!pump.IsCompleted) _pumping = pump;
    }

    private async Task PumpAsync()
    {
        try
        {
            bool more;
            do
            {
                _again = false;
                more = await DeliverPendingAsync();
            } while (!more && _again);
            if (!more)
            {
                // Nothing left to do until something wakes the grain: stop the timer and let it deactivate.
                _timer?.Dispose();
                _timer = null;
            }
        }
        catch (Exception ex)
        {
            LogPumpFailed(logger, this.GetPrimaryKeyString(), ex);
        }
        finally
        {
            _pumping = null;
        }
    }

    /// <summary>Delivers what it can; true while there is more to do later (a retry is scheduled).</summary>
    private async Task<bool> DeliverPendingAsync()
    {
        var s = state.State;
        while (s.Endpoint is { Enabled: true } endpoint && !s.Disabled)
        {
            if (s.NextAttemptAt is { } next && next > clock.Now) return true;
            var page = await outbox.ReadAsync(Tenant, s.Cursor, PageSize);
            if (page.Count == 0) return false;
            var skipped = false;
            foreach (var record in page)
            {
                if (!Wanted(endpoint, record))
                {
                    s.Cursor = record.Position;
                    skipped = true;
                    continue;
                }
                if (!await AttemptAsync(endpoint, record.ToContract())) return true;
                skipped = false;
            }
            if (skipped) await state.WriteStateAsync();
        }
        return false;
    }

    /// <summary>Types the endpoint subscribed to, announced since it was created (older ones only by a replay).</summary>
    private static bool Wanted(WebhookEndpoint endpoint, OutboxRecord record) =>
        endpoint.Wants(record.Event.Type) && record.Event.At >= endpoint.CreatedAt;

    private async Task<bool> AttemptAsync(WebhookEndpoint endpoint, OutboxEvent e)
    {
        var s = state.State;
        var now = clock.Now;
        var (status, error, latency) = await sender.SendAsync(endpoint, e, CancellationToken.None);
        var delivered = error is null;
        s.Log.Add(new WebhookAttempt(e.Id, e.Type, e.Position, s.Attempts + 1, now, status, error, latency, delivered));
        if (s.Log.Count > options.Value.DeliveryLogSize) s.Log.RemoveRange(0, s.Log.Count - options.Value.DeliveryLogSize);
        if (delivered)
        {
            (s.Cursor, s.Attempts, s.FailingSince, s.NextAttemptAt) = (e.Position, 0, null, null);
            await state.WriteStateAsync();
            return true;
        }

        s.Attempts++;
        s.FailingSince ??= now;
        if (now - s.FailingSince.Value >= options.Value.RetryHorizon)
        {
            s.Disabled = true;
            s.NextAttemptAt = null;
            await state.WriteStateAsync();
            await DisableAsync(endpoint, s.FailingSince.Value, error!, now);
            return false;
        }
        s.NextAttemptAt = now + options.Value.RetryDelay(s.Attempts);
        await state.WriteStateAsync();
        return false;
    }

    private async Task DisableAsync(WebhookEndpoint endpoint, DateTimeOffset failingSince, string error, DateTimeOffset now)
    {
        var reason = $"Every delivery failed from {failingSince:O} to {now:O} (last: {error}).";
        LogDisabled(logger, Tenant, endpoint.Id, endpoint.Url, reason);
        await GrainFactory.GetGrain<IWebhookEndpointsGrain>(Tenant).Disable(endpoint.Id, reason);
        // Operator-visible, on the tenant's other endpoints and Watch: one event per disabling (its id names the failure streak).
        var id = Announcement.IdFor(Tenant, null, failingSince.UtcTicks, 0).Replace("evt_", $"evt_disabled_{endpoint.Id}_", StringComparison.Ordinal);
        await outbox.AddAsync(new Announcement(id, EventTypes.EndpointDisabled, now, Tenant, null, null, 0, 0, EventTypes.PayloadVersion,
            EventPayloads.EndpointDisabled(endpoint.Id, endpoint.Url, failingSince, error)));
        await GrainFactory.GetGrain<IWebhookEndpointsGrain>(Tenant).Notify();
    }

    private async Task Record(WebhookAttempt attempt)
    {
        state.State.Log.Add(attempt);
        if (state.State.Log.Count > options.Value.DeliveryLogSize) state.State.Log.RemoveAt(0);
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Tenant}/{Endpoint} ({Url}) is disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string tenant, string endpoint, string url, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {Delivery} stopped on an error; the next wake retries")]
    private static partial void LogPumpFailed(ILogger logger, string delivery, Exception exception);
}

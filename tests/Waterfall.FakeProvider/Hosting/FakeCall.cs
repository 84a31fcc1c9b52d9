using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections.Features;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>One call being answered: its request, its record, and the ways an answer can end.</summary>
internal sealed class FakeCall(HttpContext http, FakeProviderState state, ReceivedRequest record, JsonElement body, CancellationToken aborted)
{
    public HttpContext Http { get; } = http;
    public FakeProviderState State { get; } = state;
    public ReceivedRequest Record { get; } = record;
    public JsonElement Body { get; } = body;

    /// <summary>Fires when the client goes away or the server stops.</summary>
    public CancellationToken Aborted { get; } = aborted;

    public FakeProviderOptions Options => State.Options;

    public async Task WriteJsonAsync(JsonNode json, int status = StatusCodes.Status200OK)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "application/json";
        await Http.Response.WriteAsync(Json.Write(json), Aborted);
        await Http.Response.CompleteAsync();
        Record.MarkAnswered();
    }

    /// <summary>
    /// What a directive does before any output: an error status, a hang, or (for a plain answer) the
    /// generation delay and a cut connection. Returns false when the call is over.
    /// </summary>
    public async Task<bool> ActBeforeOutputAsync(Directives directives, bool streaming, int pieces)
    {
        if (directives.Error is { } status)
            throw new ProtocolError(status, $"The fake provider was asked to fail this call with HTTP {status} (fake:error={status}).");
        if (directives.Hang)
            await Task.Delay(Timeout.Infinite, Aborted);
        if (streaming) return true;
        var produced = directives.FailAfter is { } failAfter ? Math.Min(failAfter, pieces) : pieces;
        if (directives.DelayMs > 0 && produced > 0)
            await Task.Delay(TimeSpan.FromMilliseconds((long)directives.DelayMs * produced), Aborted);
        if (directives.FailAfter is not null)
        {
            await CutAsync();
            return false;
        }
        return true;
    }

    /// <summary>
    /// Ends the connection mid-answer, as a provider that fails does: what was written arrives, then the
    /// connection closes with the body unterminated. A reset (<c>HttpContext.Abort()</c> alone) is not
    /// enough: it makes the client's kernel discard what it received but the SDK has not read yet, and on a
    /// loaded box the SDK had read none of the pieces. So the socket's sending side is shut first (a FIN
    /// after every byte already written) and only then is the connection aborted.
    /// </summary>
    public async Task CutAsync()
    {
        Record.MarkServerAborted();
        if (Http.Response.HasStarted)
        {
            // Kestrel writes to the socket a moment after a flush; bytes still in its pipe are lost to the shutdown.
            await Task.Delay(CutGrace, State.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            try { Http.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Send); }
            catch (SocketException) { } // the client left already: the abort below is all there is to do
            catch (ObjectDisposedException) { }
            // The abort resets the connection, and a reset still makes the client's kernel drop what the SDK has not
            // read: a slow SDK on a loaded box lost all three pieces a second after the FIN. So the reset waits for the
            // client to close its side, which it does once it has read to the FIN, for as long as a test would wait.
            await ClientClosedAsync().WaitAsync(ClientCloseWait).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Http.Abort();
    }

    /// <summary>Completes when the client has closed the connection, or the fake is stopping.</summary>
    private async Task ClientClosedAsync()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (Http.RequestAborted.Register(() => closed.TrySetResult()))
        await using (State.Stopping.Register(() => closed.TrySetResult()))
            await closed.Task;
    }

    private static readonly TimeSpan CutGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClientCloseWait = TimeSpan.FromSeconds(30);

    public SseWriter StartStream() => new(this);
}

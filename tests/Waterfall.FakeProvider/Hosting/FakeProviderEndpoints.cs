using Waterfall.FakeProvider.AnthropicApi;
using Waterfall.FakeProvider.OpenAIApi;
using Waterfall.FakeProvider.Scripting;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>The fake's routes, and the recording of every request around them.</summary>
internal static class FakeProviderEndpoints
{
    public static void MapFakeProvider(this WebApplication app, FakeProviderState state)
    {
        app.Use((http, next) => RecordAsync(http, next, state));

        app.MapPost("/v1/chat/completions", OpenAI(state, ChatCompletions.HandleAsync));
        app.MapPost("/v1/responses", OpenAI(state, Responses.HandleAsync));
        app.MapPost("/v1/embeddings", OpenAI(state, Embeddings.HandleAsync));
        app.MapPost("/v1/messages", Anthropic(state, Messages.HandleAsync));
        app.MapPost("/v1/messages/count_tokens", Anthropic(state, Messages.CountTokensAsync));
        // One path, two providers: an Anthropic caller is recognised by its anthropic-version header.
        app.MapGet("/v1/models", http => http.Request.Headers.ContainsKey("anthropic-version")
            ? Anthropic(state, call => call.WriteJsonAsync(ModelList.Anthropic()), hasBody: false)(http)
            : OpenAI(state, call => call.WriteJsonAsync(ModelList.OpenAI()), hasBody: false)(http));
    }

    private static RequestDelegate OpenAI(FakeProviderState state, Func<FakeCall, Task> handle, bool hasBody = true) =>
        http => AnswerAsync(http, state, handle, hasBody,
            authenticate: () => OpenAIProtocol.Authenticate(http.Request, state.Options),
            writeError: error => OpenAIProtocol.WriteErrorAsync(http, error),
            requestIdHeader: "x-request-id");

    private static RequestDelegate Anthropic(FakeProviderState state, Func<FakeCall, Task> handle, bool hasBody = true) =>
        http => AnswerAsync(http, state, handle, hasBody,
            authenticate: () => AnthropicProtocol.Authenticate(http.Request, state.Options),
            writeError: error => AnthropicProtocol.WriteErrorAsync(http, error, RequestId(http)),
            requestIdHeader: "request-id");

    private static async Task AnswerAsync(
        HttpContext http, FakeProviderState state, Func<FakeCall, Task> handle, bool hasBody,
        Action authenticate, Func<ProtocolError, Task> writeError, string requestIdHeader)
    {
        var record = (ReceivedRequest)http.Items[typeof(ReceivedRequest)]!;
        http.Response.Headers[requestIdHeader] = RequestId(http);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, state.Stopping);
        try
        {
            authenticate();
            var body = hasBody ? RequestBody.Parse(record.Body) : default;
            await handle(new FakeCall(http, state, record, body, aborted.Token));
        }
        catch (ProtocolError error) when (!http.Response.HasStarted)
        {
            await writeError(error);
            await http.Response.CompleteAsync();
            record.MarkAnswered();
        }
    }

    private static string RequestId(HttpContext http) =>
        $"req_fake{((ReceivedRequest)http.Items[typeof(ReceivedRequest)]!).Sequence:D6}";

    private static async Task RecordAsync(HttpContext http, RequestDelegate next, FakeProviderState state)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var record = state.Record(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body);
        http.Items[typeof(ReceivedRequest)] = record;
        try
        {
            await next(http);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException
                                  && (http.RequestAborted.IsCancellationRequested || state.Stopping.IsCancellationRequested))
        {
            // The client left, or the server is stopping: there is no one to answer.
            if (!http.RequestAborted.IsCancellationRequested) http.Abort();
        }
        finally
        {
            record.Finish(http.RequestAborted.IsCancellationRequested, http.Response.HasStarted ? http.Response.StatusCode : null);
        }
    }
}

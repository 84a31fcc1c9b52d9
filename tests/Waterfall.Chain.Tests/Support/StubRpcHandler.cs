using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Waterfall.Chain.Tests.Support;

/// <summary>An HTTP handler that records JSON-RPC requests and answers with a canned body, for tests of the client's own logic.</summary>
public sealed class StubRpcHandler(Func<JsonObject, (HttpStatusCode Status, string Body)> respond, bool hang = false) : HttpMessageHandler
{
    public List<JsonObject> Requests { get; } = [];

    /// <summary>Answers every request with {"result": result} under the request's own id.</summary>
    public static StubRpcHandler Returning(string resultJson) =>
        new(request => (HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","id":{{request["id"]!.ToJsonString()}},"result":{{resultJson}}}"""));

    /// <summary>Answers every request with the given JSON-RPC error object under the request's own id.</summary>
    public static StubRpcHandler Failing(string errorJson, HttpStatusCode status = HttpStatusCode.OK) =>
        new(request => (status, "{\"jsonrpc\":\"2.0\",\"id\":" + request["id"]!.ToJsonString() + ",\"error\":" + errorJson + "}"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var json = JsonNode.Parse(body)!.AsObject();
        Requests.Add(json);
        if (hang)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        var (status, responseBody) = respond(json);
        return new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
    }
}

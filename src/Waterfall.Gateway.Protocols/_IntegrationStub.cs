// TEMPORARY: the surface the protocols helper is building, so the gateway compiles before the merge. Deleted at merge.
using System.Text.Json.Nodes;
namespace Waterfall.Gateway.Protocols;
#pragma warning disable CA1822, IDE0060
public enum WireProtocol { OpenAi, Anthropic }
public enum GatewayEndpoint { ChatCompletions, Responses, Embeddings, Messages, CountTokens }
public static class GatewayEndpoints { public static WireProtocol ProtocolOf(this GatewayEndpoint e) => e is GatewayEndpoint.Messages or GatewayEndpoint.CountTokens ? WireProtocol.Anthropic : WireProtocol.OpenAi; }
public sealed record ReportedUsage(long InputTokens = 0, long OutputTokens = 0, long CacheReadTokens = 0, long CacheWrite5mTokens = 0, long CacheWrite1hTokens = 0, long ReasoningTokens = 0, long AudioInputTokens = 0, long AudioOutputTokens = 0);
public sealed record ProtocolError(int Status, string Type, string Code, string Message, string? Param = null);
public static class ProtocolErrors
{
    public static ProtocolError Create(WireProtocol protocol, int status, string code, string message, string? param = null) => throw new NotImplementedException();
    public static byte[] Body(WireProtocol protocol, ProtocolError error) => throw new NotImplementedException();
}
public sealed record RequestLimits(int MaxChoices = 16, long MaxOutputTokens = 1_000_000);
public sealed class ParsedRequest
{
    public GatewayEndpoint Endpoint { get; } public WireProtocol Protocol { get; } public string Model { get; } = ""; public bool Stream { get; }
    public long? MaxOutputTokens { get; } public int Choices { get; } public long PromptTokens { get; } public string? User { get; } public bool ClientWantsUsage { get; }
    public JsonObject Body { get; } = new();
    public byte[] ToUpstream(string upstreamModel, long? maxOutputTokens, bool askUsage) => throw new NotImplementedException();
}
public static class RequestParser { public static bool TryParse(GatewayEndpoint endpoint, ReadOnlySpan<byte> body, TokenCounter counter, RequestLimits limits, out ParsedRequest? request, out ProtocolError? error) => throw new NotImplementedException(); }
public enum TokenEncoding { O200kBase, Cl100kBase, Estimate }
public sealed class TokenCounter { public static TokenCounter Shared { get; } = new(); public TokenEncoding EncodingFor(string model) => default; public long Count(string model, string text) => 0; public OutputTally StartTally(string model) => new(); }
public sealed class OutputTally { public void Add(string text) { } public long Tokens { get; } }
public static class ResponseUsage { public static ReportedUsage? Read(GatewayEndpoint endpoint, ReadOnlySpan<byte> json) => null; public static byte[] WithCost(GatewayEndpoint endpoint, ReadOnlySpan<byte> json, decimal costUsd) => []; }
public sealed record SseEvent(ReadOnlyMemory<byte> Raw, string? Event, string Data, bool IsComment);
public sealed class SseReader { public SseReader(Stream stream, int maxEventBytes = 4 << 20) { } public ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken) => default; }
public abstract class StreamMeter
{
    public static StreamMeter For(ParsedRequest request) => throw new NotImplementedException();
    public abstract StreamStep Accept(SseEvent upstreamEvent);
    public abstract ReportedUsage? Usage { get; }
    public abstract bool Finished { get; }
    public abstract byte[] Complete(decimal costUsd, string requestId);
    public abstract byte[] Cut(ReportedUsage charged, decimal costUsd, string requestId);
}
public readonly record struct StreamStep(ReadOnlyMemory<byte> Forward, string? OutputText, ProtocolError? UpstreamError);

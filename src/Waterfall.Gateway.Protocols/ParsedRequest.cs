using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// A client request as the gateway meters it. <see cref="Body"/> is the client's JSON, with every field the
/// gateway does not read left untouched.
/// </summary>
public sealed class ParsedRequest
{
    internal ParsedRequest(
        GatewayEndpoint endpoint,
        string model,
        bool stream,
        long? maxOutputTokens,
        IReadOnlyList<string> outputLimitFields,
        int choices,
        long promptTokens,
        string? user,
        bool clientWantsUsage,
        JsonObject body)
    {
        Endpoint = endpoint;
        Model = model;
        Stream = stream;
        MaxOutputTokens = maxOutputTokens;
        OutputLimitFields = outputLimitFields;
        Choices = choices;
        PromptTokens = promptTokens;
        User = user;
        ClientWantsUsage = clientWantsUsage;
        Body = body;
    }

    public GatewayEndpoint Endpoint { get; }

    public WireProtocol Protocol => Endpoint.ProtocolOf();

    public string Model { get; }

    public bool Stream { get; }

    /// <summary>
    /// The output limit the client sent (chat: max_completion_tokens, else max_tokens; responses:
    /// max_output_tokens; messages: max_tokens); null when absent. Never null for messages (Anthropic requires
    /// it); always null for embeddings and count_tokens.
    /// </summary>
    public long? MaxOutputTokens { get; }

    /// <summary>The output-limit fields the client sent, in the body's spelling (empty when none).</summary>
    public IReadOnlyList<string> OutputLimitFields { get; }

    /// <summary>Chat's n (1..MaxChoices); 1 elsewhere. The hold scales with it.</summary>
    public int Choices { get; }

    /// <summary>The prompt's tokens as the <see cref="TokenCounter"/> counts them for this model (see the README).</summary>
    public long PromptTokens { get; }

    /// <summary>OpenAI "user" (else "safety_identifier") or Anthropic metadata.user_id, for attribution.</summary>
    public string? User { get; }

    /// <summary>A chat stream whose client asked for stream_options.include_usage.</summary>
    public bool ClientWantsUsage { get; }

    public JsonObject Body { get; }

    /// <summary>
    /// The body to send upstream: model replaced by <paramref name="upstreamModel"/>; the output limit set to
    /// <paramref name="maxOutputTokens"/> when not null (in the field(s) the client used, else chat → max_tokens, or max_completion_tokens for OpenAI's
    /// reasoning models (o1/o3/o4/gpt-5), which refuse max_tokens;
    /// responses → max_output_tokens, messages → max_tokens); for a chat stream with <paramref name="askUsage"/>,
    /// stream_options.include_usage = true (other stream_options kept). Everything else equal in meaning.
    /// </summary>
    public byte[] ToUpstream(string upstreamModel, long? maxOutputTokens, bool askUsage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upstreamModel);
        if (maxOutputTokens is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxOutputTokens), maxOutputTokens, "An output limit is positive.");

        var body = (JsonObject)Body.DeepClone();
        body["model"] = upstreamModel;

        if (maxOutputTokens is { } limit && DefaultLimitField(Endpoint, upstreamModel) is { } fallback)
        {
            if (OutputLimitFields.Count == 0) body[fallback] = limit;
            foreach (var field in OutputLimitFields) body[field] = limit;
        }

        if (askUsage && Stream && Endpoint == GatewayEndpoint.ChatCompletions)
        {
            if (body["stream_options"] is JsonObject options) options["include_usage"] = true;
            else body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return WireJson.ToBytes(body);
    }

    private static string? DefaultLimitField(GatewayEndpoint endpoint, string upstreamModel) => endpoint switch
    {
        // OpenAI's reasoning models refuse max_tokens; DeepSeek and xAI know only max_tokens, which
        // OpenAI still honours for its other models.
        GatewayEndpoint.ChatCompletions => IsOpenAiReasoningModel(upstreamModel) ? "max_completion_tokens" : "max_tokens",
        GatewayEndpoint.Responses => "max_output_tokens",
        GatewayEndpoint.Messages => "max_tokens",
        _ => null,
    };

    private static bool IsOpenAiReasoningModel(string model)
    {
        var slash = model.LastIndexOf('/');
        var name = (slash >= 0 ? model[(slash + 1)..] : model).ToLowerInvariant();
        return name.StartsWith("gpt-5", StringComparison.Ordinal)
            || (name.Length >= 2 && name[0] == 'o' && name[1] is '1' or '3' or '4');
    }
}

namespace Waterfall.FakeProvider.Scripting;

/// <summary>
/// A refusal the fake answers in the calling protocol's own error shape; thrown while reading a
/// request, before anything is written, so a refused call changes nothing.
/// </summary>
public sealed class ProtocolError(int status, string message, string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The request field at fault (OpenAI reports it as <c>param</c>).</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code where the provider sends one (OpenAI's <c>code</c>, e.g. invalid_api_key).</summary>
    public string? Code { get; } = code;

    public static ProtocolError BadRequest(string message, string? param = null) => new(400, message, param);
}

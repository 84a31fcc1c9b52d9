namespace Waterfall.Gateway.Protocols;

/// <summary>A refusal in the calling protocol's shape: the HTTP status, the provider's error type, a machine code, a message.</summary>
/// <param name="Status">The HTTP status to answer with.</param>
/// <param name="Type">The provider's error type (OpenAI <c>error.type</c>, Anthropic <c>error.type</c>).</param>
/// <param name="Code">A machine-readable code (OpenAI <c>error.code</c>; Anthropic's body has no code, so it is not sent).</param>
/// <param name="Message">What a developer reads.</param>
/// <param name="Param">The request field at fault (OpenAI <c>error.param</c>).</param>
public sealed record ProtocolError(int Status, string Type, string Code, string Message, string? Param = null);

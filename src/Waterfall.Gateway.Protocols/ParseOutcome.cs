namespace Waterfall.Gateway.Protocols;

/// <summary>What parsing a client request gave: the request, or the refusal to answer with.</summary>
public abstract record ParseOutcome
{
    private ParseOutcome()
    {
    }

    public sealed record Parsed(ParsedRequest Request) : ParseOutcome;

    public sealed record Refused(ProtocolError Error) : ParseOutcome;
}

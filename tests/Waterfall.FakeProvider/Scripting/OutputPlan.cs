namespace Waterfall.FakeProvider.Scripting;

/// <summary>
/// How much one completion (one choice) produces. The output limit bounds everything the provider
/// bills as output (reasoning and audio first, then visible pieces), as the real ones do, so the
/// reported output never exceeds the request's limit.
/// </summary>
public sealed record OutputPlan(int Pieces, int Reasoning, int AudioOut, bool HitLimit)
{
    public int OutputTokens => Pieces + Reasoning + AudioOut;

    public static OutputPlan Decide(Directives directives, int defaultPieces, int? limit)
    {
        var wantedPieces = directives.Output ?? defaultPieces;
        if (limit is not { } budget)
            return new OutputPlan(wantedPieces, directives.Reasoning, directives.AudioOut, HitLimit: false);
        var reasoning = Math.Min(directives.Reasoning, budget);
        var audio = Math.Min(directives.AudioOut, budget - reasoning);
        var pieces = Math.Min(wantedPieces, budget - reasoning - audio);
        var hit = pieces < wantedPieces || reasoning < directives.Reasoning || audio < directives.AudioOut;
        return new OutputPlan(pieces, reasoning, audio, hit);
    }
}

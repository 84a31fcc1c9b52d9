using System.Net;

namespace Waterfall.Fuzzing;

/// <summary>What every answer to a hostile input must be: no undocumented 5xx, no stack trace, no write on a refusal.</summary>
public static class Verdicts
{
    public static void NoStackTrace(string surface, string input, string answer)
    {
        // A .NET stack trace's frames: "   at Namespace.Type.Method(…)".
        var leaked = answer.Contains("\n   at ", StringComparison.Ordinal) || answer.Contains("   at Waterfall.", StringComparison.Ordinal)
            || answer.Contains(" at System.", StringComparison.Ordinal) || answer.Contains("\\n   at ", StringComparison.Ordinal);
        Assert.False(leaked, $"{surface}: a stack trace or exception reached the caller for input {Show(input)}: {Show(answer)}");
    }

    public static void NoUndocumentedServerError(string surface, string input, HttpStatusCode status, params HttpStatusCode[] documented) =>
        Assert.False((int)status >= 500 && !documented.Contains(status), $"{surface}: {(int)status} for input {Show(input)}");

    public static async Task NothingWrittenAsync(FuzzSilo silo, string surface, string input, long before) =>
        Assert.True(await silo.VictimSequenceAsync() == before, $"{surface}: a refused input changed the victim's ledger: {Show(input)}");

    public static string Show(string text) => text.Length > 400 ? text[..400] + "…" : text;
}

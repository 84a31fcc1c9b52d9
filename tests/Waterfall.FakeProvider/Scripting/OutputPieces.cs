namespace Waterfall.FakeProvider.Scripting;

/// <summary>
/// The fake's vocabulary: words that are each exactly one token in both o200k_base and cl100k_base
/// (a leading space keeps them whole), so "N pieces" and "N output tokens" are the same number.
/// </summary>
public static class OutputPieces
{
    public static IReadOnlyList<string> Words { get; } =
        [" the", " quick", " brown", " fox", " jumps", " over", " lazy", " dog"];

    /// <summary>The piece at <paramref name="index"/> of an output that starts at word <paramref name="offset"/>.</summary>
    public static string At(int index, int offset = 0) => Words[(index + offset) % Words.Count];

    public static string Text(int count, int offset = 0) =>
        string.Concat(Enumerable.Range(0, count).Select(i => At(i, offset)));
}

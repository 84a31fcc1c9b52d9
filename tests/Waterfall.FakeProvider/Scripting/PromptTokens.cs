using Microsoft.ML.Tokenizers;

namespace Waterfall.FakeProvider.Scripting;

/// <summary>Prompt tokens as the fake reports them: each text counted on its own with o200k_base, then summed.</summary>
public static class PromptTokens
{
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : O200k.Value.CountTokens(text);

    public static int Count(IEnumerable<string> texts) => texts.Sum(Count);
}

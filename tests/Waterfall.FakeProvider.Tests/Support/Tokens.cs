using Microsoft.ML.Tokenizers;

namespace Waterfall.FakeProvider.Tests.Support;

public static class Tokens
{
    public static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
    public static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    public static int O200kCount(params string[] texts) => texts.Sum(t => O200k.CountTokens(t));
}

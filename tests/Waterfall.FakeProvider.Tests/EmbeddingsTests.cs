using System.Text.Json;
using System.ClientModel;
using OpenAI.Embeddings;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class EmbeddingsTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private EmbeddingClient Embeddings => fake.OpenAI().GetEmbeddingClient("text-embedding-3-small");

    [Fact]
    public async Task Each_input_string_gets_a_unit_vector_and_usage_counts_every_input()
    {
        string[] inputs = ["The quick brown fox", "jumps over the lazy dog", "again"];
        OpenAIEmbeddingCollection embeddings = await Embeddings.GenerateEmbeddingsAsync(inputs);

        Assert.Equal(3, embeddings.Count);
        Assert.Equal([0, 1, 2], embeddings.Select(e => e.Index));
        Assert.All(embeddings, e =>
        {
            var vector = e.ToFloats().ToArray();
            Assert.Equal(fake.Server.Options.EmbeddingDimensions, vector.Length);
            Assert.InRange(vector.Sum(v => v * v), 0.999f, 1.001f);
        });
        Assert.Equal(Tokens.O200kCount(inputs), embeddings.Usage.InputTokenCount);
        Assert.Equal(embeddings.Usage.InputTokenCount, embeddings.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_same_input_always_gets_the_same_vector_and_another_input_another()
    {
        OpenAIEmbedding first = await Embeddings.GenerateEmbeddingAsync("stable");
        OpenAIEmbedding again = await Embeddings.GenerateEmbeddingAsync("stable");
        OpenAIEmbedding other = await Embeddings.GenerateEmbeddingAsync("different");

        Assert.Equal(first.ToFloats().ToArray(), again.ToFloats().ToArray());
        Assert.NotEqual(first.ToFloats().ToArray(), other.ToFloats().ToArray());
    }

    [Fact]
    public async Task Token_array_inputs_count_their_length_as_prompt_tokens()
    {
        ReadOnlyMemory<int>[] inputs = [new[] { 1, 2, 3 }, new[] { 4, 5 }];
        OpenAIEmbeddingCollection embeddings = await Embeddings.GenerateEmbeddingsAsync(inputs);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(5, embeddings.Usage.InputTokenCount);
    }

    [Fact]
    public async Task Requested_dimensions_and_the_float_encoding_are_honoured()
    {
        var result = await Embeddings.GenerateEmbeddingsAsync(
            BinaryContent.Create(BinaryData.FromString("""{"model":"text-embedding-3-small","input":"floats","dimensions":20}""")));

        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        var vector = json.RootElement.GetProperty("data")[0].GetProperty("embedding");
        Assert.Equal(JsonValueKind.Array, vector.ValueKind);
        Assert.Equal(20, vector.GetArrayLength());
    }
}

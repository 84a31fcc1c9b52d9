namespace Waterfall.Gateway.Protocols.Tests.Fixtures;

/// <summary>Embeddings as the API reference shows them (platform.openai.com/docs/api-reference/embeddings).</summary>
public static class EmbeddingsFixtures
{
    public const string Request = """
        {"model": "text-embedding-3-small", "input": ["The food was delicious", "and the waiter"], "encoding_format": "float", "dimensions": 256, "user": "u-9"}
        """;

    public const string Response = """
        {
          "object": "list",
          "data": [{"object": "embedding", "embedding": [0.0023064255, -0.009327292, -0.0028842222], "index": 0}],
          "model": "text-embedding-3-small",
          "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }
        """;
}

namespace Waterfall.Gateway.Protocols.Tests.Fixtures;

/// <summary>Chat completions as the API reference shows them (platform.openai.com/docs/api-reference/chat).</summary>
public static class ChatFixtures
{
    public const string Request = """
        {
          "model": "gpt-4o-mini",
          "messages": [
            {"role": "developer", "content": "You are a helpful assistant."},
            {"role": "user", "name": "ada", "content": [
              {"type": "text", "text": "What is in this image?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}}
            ]}
          ],
          "max_completion_tokens": 500,
          "n": 2,
          "stream": true,
          "stream_options": {"include_usage": true, "include_obfuscation": false},
          "user": "user-1234",
          "temperature": 0.2,
          "logit_bias": {"50256": -100},
          "tools": [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
          "x_vendor_extension": {"keep": [1, 2.50, "three"]}
        }
        """;

    public const string Response = """
        {
          "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
          "object": "chat.completion",
          "created": 1741570283,
          "model": "gpt-4o-2024-08-06",
          "choices": [
            {
              "index": 0,
              "message": {"role": "assistant", "content": "The image shows a cat.", "refusal": null, "annotations": []},
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": 1117,
            "completion_tokens": 46,
            "total_tokens": 1163,
            "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 13},
            "completion_tokens_details": {"reasoning_tokens": 20, "audio_tokens": 6, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
          },
          "service_tier": "default",
          "system_fingerprint": "fp_fc9f1d7035"
        }
        """;

    /// <summary>A stream asked with include_usage: every chunk has "usage": null, then a usage chunk with choices: [].</summary>
    public const string StreamWithUsage = """
        data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

        data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

        data: [DONE]


        """;

    /// <summary>The same stream cut short: the first content deltas only, no finish and no usage yet.</summary>
    public const int StreamEventsBeforeFinish = 3;

    /// <summary>A provider that puts the usage on the last chunk with choices (DeepSeek-style fields), reasoning_content and tool calls.</summary>
    public const string StreamWithUsageOnChoiceChunk = """
        data: {"id":"c-9","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think"},"finish_reason":null}]}

        data: {"id":"c-9","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":"}}]},"finish_reason":null}]}

        : keep-alive

        data: {"id":"c-9","object":"chat.completion.chunk","created":1700000000,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Done","refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42,"prompt_cache_hit_tokens":10,"prompt_cache_miss_tokens":20,"completion_tokens_details":{"reasoning_tokens":5}}}

        data: [DONE]


        """;

    public const string StreamWithError = """
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

        data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":"internal_error"}}


        """;
}

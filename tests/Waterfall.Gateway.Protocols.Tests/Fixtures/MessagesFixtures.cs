namespace Waterfall.Gateway.Protocols.Tests.Fixtures;

/// <summary>Anthropic messages as the API reference shows them (docs.anthropic.com/en/api/messages, …/messages-streaming).</summary>
public static class MessagesFixtures
{
    public const string Request = """
        {
          "model": "claude-sonnet-4-5",
          "max_tokens": 1024,
          "system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}],
          "messages": [
            {"role": "user", "content": [
              {"type": "text", "text": "What is in this picture?"},
              {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
            ]},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "lookup", "input": {"q": "cat"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "a cat"}]}
          ],
          "tools": [{"name": "lookup", "description": "Look up a word", "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}}}],
          "metadata": {"user_id": "user-42"},
          "stream": true,
          "thinking": {"type": "enabled", "budget_tokens": 512},
          "anthropic_extension": true
        }
        """;

    public const string Response = """
        {
          "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
          "type": "message",
          "role": "assistant",
          "model": "claude-sonnet-4-5-20250929",
          "content": [{"type": "text", "text": "A cat."}],
          "stop_reason": "end_turn",
          "stop_sequence": null,
          "usage": {
            "input_tokens": 2095,
            "cache_creation_input_tokens": 3000,
            "cache_read_input_tokens": 1800,
            "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 2000},
            "output_tokens": 503,
            "service_tier": "standard"
          }
        }
        """;

    public const string Stream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":40,"cache_read_input_tokens":7,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}


        """;

    /// <summary>Up to and including the first text delta: block 0 is open.</summary>
    public const int StreamEventsIntoFirstDelta = 4;

    public const string StreamWithError = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}

        event: error
        data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


        """;
}

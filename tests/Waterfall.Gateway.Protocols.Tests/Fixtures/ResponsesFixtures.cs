namespace Waterfall.Gateway.Protocols.Tests.Fixtures;

/// <summary>The Responses API as its reference shows it (platform.openai.com/docs/api-reference/responses).</summary>
public static class ResponsesFixtures
{
    public const string Request = """
        {
          "model": "gpt-4.1",
          "instructions": "Answer briefly.",
          "input": [
            {"role": "user", "content": [
              {"type": "input_text", "text": "Describe this file."},
              {"type": "input_file", "file_id": "file-123"}
            ]},
            {"type": "function_call_output", "call_id": "call_1", "output": "{\"ok\":true}"}
          ],
          "max_output_tokens": 800,
          "stream": true,
          "user": "user-77",
          "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}}],
          "reasoning": {"effort": "low"},
          "store": false
        }
        """;

    public const string Response = """
        {
          "id": "resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41",
          "object": "response",
          "created_at": 1741476777,
          "status": "completed",
          "error": null,
          "incomplete_details": null,
          "instructions": null,
          "max_output_tokens": null,
          "model": "o3-2025-04-16",
          "output": [
            {
              "type": "message",
              "id": "msg_67ccd3acc8d48190a77525dc6de64b4104becb25c45c1d41",
              "status": "completed",
              "role": "assistant",
              "content": [{"type": "output_text", "text": "A cat.", "annotations": []}]
            }
          ],
          "parallel_tool_calls": true,
          "previous_response_id": null,
          "reasoning": {"effort": "medium", "summary": null},
          "store": true,
          "temperature": 1.0,
          "text": {"format": {"type": "text"}},
          "tool_choice": "auto",
          "tools": [],
          "top_p": 1.0,
          "truncation": "disabled",
          "usage": {
            "input_tokens": 328,
            "input_tokens_details": {"cached_tokens": 128},
            "output_tokens": 52,
            "output_tokens_details": {"reasoning_tokens": 32},
            "total_tokens": 380
          },
          "user": null,
          "metadata": {}
        }
        """;

    private const string ResponseInProgress =
        """{"id":"resp_1","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}""";

    public static readonly string Stream = """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":@RESPONSE@}

        event: response.in_progress
        data: {"type":"response.in_progress","sequence_number":1,"response":@RESPONSE@}

        event: response.output_item.added
        data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}

        event: response.content_part.added
        data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there","logprobs":[]}

        event: response.output_text.done
        data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there","logprobs":[]}

        event: response.content_part.done
        data: {"type":"response.content_part.done","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there","annotations":[]}}

        event: response.output_item.done
        data: {"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there","annotations":[]}]}}

        event: response.completed
        data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","created_at":1741290958,"status":"completed","error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-4.1-2025-04-14","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there","annotations":[]}]}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":null,"summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":5},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":48},"user":null,"metadata":{}}}


        """.Replace("@RESPONSE@", ResponseInProgress, StringComparison.Ordinal);

    /// <summary>Up to and including the first text delta: an item and a part are open.</summary>
    public const int StreamEventsIntoFirstDelta = 5;
}

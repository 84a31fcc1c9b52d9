using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waterfall.Gateway.Protocols;

/// <summary>
/// Counts a prompt before the provider does, to size a hold (the README's "Prompt counting" section is the
/// rule). Text is counted in the model's encoding and the estimate's factor applied once to the total; the
/// fixed overheads (per message, per non-text part) are added after it.
/// </summary>
internal sealed class PromptCounter(TokenCounter counter, TokenEncoding encoding)
{
    /// <summary>Chat's per-message framing (OpenAI's cookbook: &lt;|start|&gt;role…&lt;|end|&gt;).</summary>
    public const long PerMessageTokens = 3;

    /// <summary>A chat message's name costs one token beyond its text.</summary>
    public const long PerNameTokens = 1;

    /// <summary>The assistant reply's priming (&lt;|start|&gt;assistant&lt;|message|&gt;).</summary>
    public const long ReplyPrimingTokens = 3;

    /// <summary>
    /// One image, audio clip or file whose size is not read here: above a high-detail GPT-4o image (at most
    /// 1,105 tokens at 2048×2048) and a full-size Claude image (about 1,600), so a hold covers the usual cases.
    /// </summary>
    public const long NonTextPartTokens = 2_048;

    private long _raw;
    private long _fixed;

    public long Chat(JsonObject body, JsonArray messages)
    {
        foreach (var node in messages)
        {
            _fixed += PerMessageTokens;
            if (node is not JsonObject message)
            {
                Json(node);
                continue;
            }

            foreach (var (key, value) in message)
            {
                if (key == "content") Content(value);
                else
                {
                    if (key == "name") _fixed += PerNameTokens;
                    Value(value);
                }
            }
        }

        _fixed += ReplyPrimingTokens;
        Json(body["tools"]);
        Json(body["functions"]);
        Json(body["response_format"]);
        return Total;
    }

    public long Responses(JsonObject body, JsonNode input)
    {
        Value(body["instructions"]);
        if (input is JsonArray items)
        {
            foreach (var node in items)
            {
                if (node is JsonObject item && item.ContainsKey("content"))
                {
                    _fixed += PerMessageTokens;
                    foreach (var (key, value) in item)
                    {
                        if (key == "content") Content(value);
                        else if (key is "role") Value(value);
                    }
                }
                else
                {
                    // function_call, function_call_output, reasoning…: the model reads them as their JSON.
                    Json(node);
                }
            }
        }
        else
        {
            Value(input);
        }

        Json(body["tools"]);
        Json(body["text"]);
        return Total;
    }

    public long Embeddings(JsonNode input)
    {
        if (input is not JsonArray inputs)
        {
            Value(input);
            return Total;
        }

        // A token array is already tokens: its length is its count, with no estimate factor.
        var allTokens = inputs.Count > 0 && inputs.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.Number);
        if (allTokens)
        {
            _fixed += inputs.Count;
            return Total;
        }

        foreach (var element in inputs)
        {
            if (element is JsonArray tokens) _fixed += tokens.Count;
            else if (element is JsonValue v && v.GetValueKind() == JsonValueKind.Number) _fixed += 1;
            else Value(element);
        }

        return Total;
    }

    public long Messages(JsonObject body, JsonArray messages)
    {
        Blocks(body["system"]);
        foreach (var node in messages)
        {
            _fixed += PerMessageTokens;
            if (node is JsonObject message) Blocks(message["content"]);
            else Json(node);
        }

        _fixed += ReplyPrimingTokens;
        Json(body["tools"]);
        return Total;
    }

    private long Total => checked(TokenCounter.Finish(encoding, _raw) + _fixed);

    /// <summary>OpenAI content: a string, or parts whose text is counted and whose media cost the fixed amount.</summary>
    private void Content(JsonNode? content)
    {
        if (content is not JsonArray parts)
        {
            Value(content);
            return;
        }

        foreach (var node in parts)
        {
            if (node is not JsonObject part)
            {
                Value(node);
                continue;
            }

            switch (WireJson.StringOf(part["type"]))
            {
                case "text" or "input_text" or "output_text":
                    Value(part["text"]);
                    break;
                case "refusal":
                    Value(part["refusal"]);
                    break;
                case "image_url" or "input_image" or "input_audio" or "file" or "input_file" or "audio":
                    _fixed += NonTextPartTokens;
                    break;
                default:
                    Json(part);
                    break;
            }
        }
    }

    /// <summary>Anthropic content: a string, or blocks (text counted, tool use and results as JSON, media fixed).</summary>
    private void Blocks(JsonNode? content)
    {
        if (content is not JsonArray blocks)
        {
            Value(content);
            return;
        }

        foreach (var node in blocks)
        {
            if (node is not JsonObject block)
            {
                Value(node);
                continue;
            }

            switch (WireJson.StringOf(block["type"]))
            {
                case "text":
                    Value(block["text"]);
                    break;
                case "thinking":
                    Value(block["thinking"]);
                    break;
                case "image" or "document":
                    _fixed += NonTextPartTokens;
                    break;
                default:
                    Json(block);
                    break;
            }
        }
    }

    /// <summary>A string counts as its text; anything else as its JSON text.</summary>
    private void Value(JsonNode? node)
    {
        if (WireJson.IsNull(node)) return;
        if (WireJson.StringOf(node) is { } text) Text(text);
        else Json(node);
    }

    private void Json(JsonNode? node)
    {
        if (WireJson.IsNull(node)) return;
        Text(WireJson.ToText(node!));
    }

    private void Text(string text) => _raw = checked(_raw + counter.CountRaw(encoding, text));
}

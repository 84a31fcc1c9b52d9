using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Sdk;

#pragma warning disable OPENAI001 // the Responses client is marked experimental in OpenAI 2.x

/// <summary>The providers' official SDKs pointed at bytes the gateway would send, through a test handler (no server).</summary>
public static class OfficialClients
{
    private static readonly Uri OpenAiBase = new("http://gateway.test/v1");

    public static OpenAIClientOptions OpenAiOptions(byte[] body, string mediaType) => new()
    {
        Endpoint = OpenAiBase,
        Transport = new HttpClientPipelineTransport(new HttpClient(new ServeBytesHandler(body, mediaType))),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };

    public static ChatClient Chat(byte[] body, string mediaType = "text/event-stream") =>
        new("gpt-4o-mini", new ApiKeyCredential("wf_test_key"), OpenAiOptions(body, mediaType));

    public static ResponsesClient Responses(byte[] body, string mediaType = "text/event-stream") =>
        new(new ApiKeyCredential("wf_test_key"), new ResponsesClientOptions
        {
            Endpoint = OpenAiBase,
            Transport = new HttpClientPipelineTransport(new HttpClient(new ServeBytesHandler(body, mediaType))),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    public static AnthropicClient Anthropic(byte[] body, string mediaType = "text/event-stream", System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK) =>
        new(new ClientOptions
        {
            HttpClient = new HttpClient(new ServeBytesHandler(body, mediaType, status)),
            BaseUrl = "http://gateway.test",
            ApiKey = "wf_test_key",
            MaxRetries = 0,
        });
}

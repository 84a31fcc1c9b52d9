using System.ClientModel;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using OpenAI.Chat;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class ErrorTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private static MessageCreateParams Ask(string text) => new() { Model = "claude-sonnet-4-5", MaxTokens = 100, Messages = [new UserMessageParam(text)] };

    [Fact]
    public async Task A_wrong_openai_key_is_a_401_the_sdk_raises_with_openais_error_code()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            fake.OpenAI("not-the-key").GetChatClient("gpt-4o").CompleteChatAsync(new UserChatMessage("hi")));

        Assert.Equal(401, error.Status);
        Assert.Contains("invalid_api_key", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task A_scripted_error_reaches_the_openai_sdk_with_its_status_before_any_output(int status)
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            fake.OpenAI().GetChatClient("gpt-4o").CompleteChatAsync(new UserChatMessage($"fail fake:error={status}")));

        Assert.Equal(status, error.Status);
        Assert.Contains("\"error\":{\"message\":", error.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_error_fails_a_stream_before_its_first_update()
    {
        var updates = 0;
        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in fake.OpenAI().GetChatClient("gpt-4o").CompleteChatStreamingAsync(new UserChatMessage("fake:error=429"))) updates++;
        });

        Assert.Equal(429, error.Status);
        Assert.Equal(0, updates);
    }

    [Fact]
    public async Task A_wrong_anthropic_key_is_the_sdks_unauthorized_exception()
    {
        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => fake.Anthropic("not-the-key").Messages.Create(Ask("hi")));

        Assert.Contains("authentication_error", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_429_is_the_anthropic_sdks_rate_limit_exception()
    {
        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => fake.Anthropic().Messages.Create(Ask("fake:error=429")));

        Assert.Contains("rate_limit_error", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_529_is_anthropics_overloaded_error()
    {
        var error = await Assert.ThrowsAnyAsync<Anthropic5xxException>(() => fake.Anthropic().Messages.Create(Ask("fake:error=529")));

        Assert.Equal(529, (int)error.StatusCode);
        Assert.Contains("overloaded_error", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_directive_is_a_400_naming_it_in_the_providers_shape()
    {
        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => fake.Anthropic().Messages.Create(Ask("fake:colour=blue")));

        Assert.Contains("invalid_request_error", error.ResponseBody, StringComparison.Ordinal);
        Assert.Contains("colour", error.ResponseBody, StringComparison.Ordinal);
    }
}

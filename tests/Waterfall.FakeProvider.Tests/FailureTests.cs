using Anthropic.Models.Messages;
using OpenAI.Chat;
using Waterfall.FakeProvider.Scripting;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class FailureTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private ChatClient Chat => fake.OpenAI().GetChatClient("gpt-4o");

    [Fact]
    public async Task A_chat_stream_cut_mid_way_fails_the_sdks_enumeration_after_the_pieces_sent()
    {
        const string prompt = "fail-chat fake:output=10 fake:fail_after=3";
        var pieces = new List<string>();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in Chat.CompleteChatStreamingAsync(new UserChatMessage(prompt)))
                pieces.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
        });

        // This has failed now and then on a loaded box with none of the pieces read: say what the SDK threw, so that the
        // next failure tells a reset from anything else.
        var expected = Enumerable.Range(0, 3).Select(i => OutputPieces.At(i)).ToList();
        Assert.True(expected.SequenceEqual(pieces),
            $"read [{string.Join("|", pieces)}], expected [{string.Join("|", expected)}]; the SDK threw {error.GetType().Name}: {error.Message} (inner: {error.InnerException?.GetType().Name}: {error.InnerException?.Message})");
        var request = await Poll.FinishedRequestAsync(fake.Server, prompt);
        Assert.True(request.ServerAborted);
        Assert.False(request.ClientAborted);
    }

    [Fact]
    public async Task An_anthropic_stream_cut_mid_way_fails_the_sdks_enumeration()
    {
        var deltas = 0;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var e in fake.Anthropic().Messages.CreateStreaming(new MessageCreateParams
                           {
                               Model = "claude-sonnet-4-5", MaxTokens = 100, Messages = [new UserMessageParam("fake:fail_after=2")],
                           }))
                if (e.Value is RawContentBlockDeltaEvent) deltas++;
        });

        Assert.Equal(2, deltas);
    }

    [Fact]
    public async Task A_plain_call_told_to_fail_gets_no_answer_at_all()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Chat.CompleteChatAsync(new UserChatMessage("fail-plain fake:fail_after=0")));

        Assert.True((await Poll.FinishedRequestAsync(fake.Server, "fail-plain")).ServerAborted);
    }

    [Fact]
    public async Task A_hanging_call_ends_when_the_client_gives_up_and_is_recorded_as_aborted()
    {
        using var giveUp = new CancellationTokenSource();
        var call = Chat.CompleteChatAsync([new UserChatMessage("hang-here fake:hang=1")], cancellationToken: giveUp.Token);
        await Poll.UntilAsync(() => fake.Server.Requests.Any(r => r.Body.Contains("hang-here", StringComparison.Ordinal)), "the hanging call arrived");
        Assert.False(Poll.Request(fake.Server, "hang-here").IsFinished);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var request = await Poll.FinishedRequestAsync(fake.Server, "hang-here");
        Assert.True(request.ClientAborted);
        Assert.Null(request.Status);
    }

    [Fact]
    public async Task A_client_that_leaves_a_slow_stream_is_recorded_as_aborting_it_and_the_stream_closes()
    {
        await using var server = await FakeProviderServer.StartAsync();
        var chat = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(FakeProviderOptions.DefaultOpenAIKey),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl, "v1") }).GetChatClient("gpt-4o");

        await foreach (var update in chat.CompleteChatStreamingAsync(new UserChatMessage("slow fake:output=200 fake:delay_ms=50")))
        {
            Assert.Equal(1, server.OpenStreams);
            if (update.ContentUpdate.Any(p => p.Text.Length > 0)) break;
        }

        var request = await Poll.FinishedRequestAsync(server, "slow");
        Assert.True(request.ClientAborted);
        Assert.False(request.ServerAborted);
        await Poll.UntilAsync(() => server.OpenStreams == 0, "the stream closed");
    }

    [Fact]
    public async Task A_stream_read_to_its_end_is_not_an_abort()
    {
        await foreach (var _ in Chat.CompleteChatStreamingAsync(new UserChatMessage("complete-stream fake:output=3"))) { }

        var request = await Poll.FinishedRequestAsync(fake.Server, "complete-stream");
        Assert.False(request.ClientAborted);
        Assert.False(request.ServerAborted);
        Assert.Equal(200, request.Status);
    }
}

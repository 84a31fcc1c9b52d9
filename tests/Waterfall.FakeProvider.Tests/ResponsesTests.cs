using OpenAI.Responses;
using Waterfall.FakeProvider.Scripting;
using Waterfall.FakeProvider.Tests.Support;

namespace Waterfall.FakeProvider.Tests;

public class ResponsesTests(FakeProviderFixture fake) : IClassFixture<FakeProviderFixture>
{
    private ResponsesClient Responses => fake.OpenAI().GetResponsesClient();

    [Fact]
    public async Task A_response_answers_one_message_and_reports_usage_with_cached_and_reasoning_details()
    {
        const string instructions = "Answer in English.";
        const string input = "Describe a fox fake:output=5 fake:cached=40 fake:reasoning=12";
        var options = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem(input)]) { Instructions = instructions };
        ResponseResult response = await Responses.CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal(OutputPieces.Text(5), response.GetOutputText());
        Assert.Null(response.IncompleteStatusDetails);
        Assert.Equal(Tokens.O200kCount(instructions, input) + 40, response.Usage.InputTokenCount);
        Assert.Equal(40, response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(5 + 12, response.Usage.OutputTokenCount);
        Assert.Equal(12, response.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_response_that_reaches_max_output_tokens_is_incomplete_for_that_reason()
    {
        var options = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem("fake:output=30")]) { MaxOutputTokenCount = 16 };
        ResponseResult response = await Responses.CreateResponseAsync(options);

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, response.IncompleteStatusDetails.Reason);
        Assert.Equal(OutputPieces.Text(16), response.GetOutputText());
        Assert.Equal(16, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_response_sends_openais_event_sequence_numbered_from_zero()
    {
        var options = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem("stream fake:output=3 fake:reasoning=2")]) { StreamingEnabled = true };
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await Responses.CreateResponseStreamingAsync(options)) updates.Add(update);

        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));
        Assert.Collection(updates,
            u => Assert.IsType<StreamingResponseCreatedUpdate>(u),
            u => Assert.IsType<StreamingResponseInProgressUpdate>(u),
            u => Assert.IsType<StreamingResponseOutputItemAddedUpdate>(u),
            u => Assert.IsType<StreamingResponseContentPartAddedUpdate>(u),
            u => Assert.Equal(OutputPieces.At(0), Assert.IsType<StreamingResponseOutputTextDeltaUpdate>(u).Delta),
            u => Assert.Equal(OutputPieces.At(1), Assert.IsType<StreamingResponseOutputTextDeltaUpdate>(u).Delta),
            u => Assert.Equal(OutputPieces.At(2), Assert.IsType<StreamingResponseOutputTextDeltaUpdate>(u).Delta),
            u => Assert.Equal(OutputPieces.Text(3), Assert.IsType<StreamingResponseOutputTextDoneUpdate>(u).Text),
            u => Assert.IsType<StreamingResponseContentPartDoneUpdate>(u),
            u => Assert.IsType<StreamingResponseOutputItemDoneUpdate>(u),
            u =>
            {
                var completed = Assert.IsType<StreamingResponseCompletedUpdate>(u).Response;
                Assert.Equal(ResponseStatus.Completed, completed.Status);
                Assert.Equal(OutputPieces.Text(3), completed.GetOutputText());
                Assert.Equal(5, completed.Usage.OutputTokenCount);
                Assert.Equal(2, completed.Usage.OutputTokenDetails.ReasoningTokenCount);
            });
        Assert.Null(Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]).Response.Usage);
    }

    [Fact]
    public async Task A_streamed_response_cut_by_max_output_tokens_ends_with_response_incomplete()
    {
        var options = new CreateResponseOptions("gpt-4.1", [ResponseItem.CreateUserMessageItem("fake:output=40")])
        {
            MaxOutputTokenCount = 20, StreamingEnabled = true,
        };
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await Responses.CreateResponseStreamingAsync(options)) updates.Add(update);

        Assert.Equal(20, updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Count());
        var incomplete = Assert.IsType<StreamingResponseIncompleteUpdate>(updates[^1]).Response;
        Assert.Equal(ResponseStatus.Incomplete, incomplete.Status);
        Assert.Equal(ResponseIncompleteStatusReason.MaxOutputTokens, incomplete.IncompleteStatusDetails.Reason);
        Assert.Equal(20, incomplete.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_plain_string_input_is_the_user_message_its_directives_are_read_from()
    {
        const string input = "Just a string fake:output=2";
        ResponseResult response = await Responses.CreateResponseAsync("gpt-4.1", input);

        Assert.Equal(OutputPieces.Text(2), response.GetOutputText());
        Assert.Equal(Tokens.O200kCount(input), response.Usage.InputTokenCount);
    }
}

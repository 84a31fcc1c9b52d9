using CsCheck;
using Waterfall.Gateway.Protocols.Tests.Fixtures;
using Waterfall.Gateway.Protocols.Tests.Support;

namespace Waterfall.Gateway.Protocols.Tests.Sse;

public sealed class SseReaderTests
{
    private static async Task<List<SseEvent>> ReadAll(Stream stream, int maxEventBytes = 4 << 20)
    {
        var reader = new SseReader(stream, maxEventBytes);
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } e) events.Add(e);
        return events;
    }

    [Fact]
    public async Task Events_separated_by_blank_lines_are_read_with_name_data_and_raw_bytes()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes("event: ping\ndata: {\"type\": \"ping\"}\n\ndata: [DONE]\n\n")));

        Assert.Equal(2, events.Count);
        Assert.Equal("ping", events[0].Event);
        Assert.Equal("{\"type\": \"ping\"}", events[0].Data);
        Assert.Equal("event: ping\ndata: {\"type\": \"ping\"}\n\n", Wire.Text(events[0].Raw));
        Assert.Null(events[1].Event);
        Assert.Equal("[DONE]", events[1].Data);
        Assert.False(events[1].IsComment);
    }

    [Fact]
    public async Task Carriage_return_line_feeds_end_lines_too()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes("event: a\r\ndata: one\r\n\r\ndata: two\r\n\r\n")));

        Assert.Equal(["one", "two"], events.Select(e => e.Data));
        Assert.Equal("a", events[0].Event);
        Assert.Equal("event: a\r\ndata: one\r\n\r\n", Wire.Text(events[0].Raw));
    }

    [Fact]
    public async Task Multi_line_data_is_joined_with_line_feeds()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes("data: {\ndata:  \"a\": 1\ndata: }\n\n")));
        Assert.Equal("{\n \"a\": 1\n}", Assert.Single(events).Data);
    }

    [Fact]
    public async Task A_comment_only_block_is_a_comment_event_and_comments_inside_an_event_are_ignored()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes(": OPENROUTER PROCESSING\n\n: note\ndata: x\n\n")));

        Assert.True(events[0].IsComment);
        Assert.Equal("", events[0].Data);
        Assert.Equal(": OPENROUTER PROCESSING\n\n", Wire.Text(events[0].Raw));
        Assert.False(events[1].IsComment);
        Assert.Equal("x", events[1].Data);
    }

    [Fact]
    public async Task Reading_one_byte_at_a_time_gives_the_same_events()
    {
        var bytes = Wire.Bytes(MessagesFixtures.Stream.Replace("\n", "\r\n"));
        var whole = await ReadAll(new MemoryStream(bytes));
        var split = await ReadAll(new OneByteAtATimeStream(bytes));

        Assert.Equal(11, whole.Count);
        Assert.Equal(whole.Select(e => (e.Event, e.Data, Wire.Text(e.Raw))), split.Select(e => (e.Event, e.Data, Wire.Text(e.Raw))));
    }

    [Fact]
    public async Task Any_split_of_the_stream_gives_the_same_events()
    {
        var bytes = Wire.Bytes(ChatFixtures.StreamWithUsageOnChoiceChunk.Replace("\n", "\r\n"));
        var expected = (await ReadAll(new MemoryStream(bytes))).Select(e => Wire.Text(e.Raw)).ToList();
        await Gen.Int[1, 64].SampleAsync(async chunk =>
        {
            var events = await ReadAll(new ChunkedStream(bytes, chunk));
            return events.Select(e => Wire.Text(e.Raw)).SequenceEqual(expected);
        });
    }

    [Fact]
    public async Task The_raw_bytes_of_all_events_are_the_stream()
    {
        var text = ChatFixtures.StreamWithUsage;
        var events = await ReadAll(new MemoryStream(Wire.Bytes(text)));
        Assert.Equal(text, string.Concat(events.Select(e => Wire.Text(e.Raw))));
    }

    [Fact]
    public async Task An_event_over_the_bound_is_an_upstream_failure()
    {
        var big = "data: " + new string('x', 5_000) + "\n\n";
        await Assert.ThrowsAsync<UpstreamStreamException>(() => ReadAll(new MemoryStream(Wire.Bytes(big)), maxEventBytes: 4_096));
        await Assert.ThrowsAsync<UpstreamStreamException>(() => ReadAll(new OneByteAtATimeStream(Wire.Bytes(big)), maxEventBytes: 4_096));
    }

    [Fact]
    public async Task Many_small_lines_over_the_bound_are_an_upstream_failure_too()
    {
        var big = string.Concat(Enumerable.Repeat("data: xxxxxxxxxx\n", 500)) + "\n";
        await Assert.ThrowsAsync<UpstreamStreamException>(() => ReadAll(new MemoryStream(Wire.Bytes(big)), maxEventBytes: 4_096));
    }

    [Fact]
    public async Task Events_under_the_bound_pass_however_many_there_are()
    {
        var many = string.Concat(Enumerable.Repeat("data: " + new string('y', 3_000) + "\n\n", 20));
        var events = await ReadAll(new MemoryStream(Wire.Bytes(many)), maxEventBytes: 4_096);
        Assert.Equal(20, events.Count);
    }

    [Fact]
    public async Task A_last_event_without_its_blank_line_is_returned_completed()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes("data: a\n\ndata: [DONE]")));

        Assert.Equal("[DONE]", events[1].Data);
        Assert.Equal("data: [DONE]\n\n", Wire.Text(events[1].Raw));
    }

    [Fact]
    public async Task An_empty_stream_has_no_events() =>
        Assert.Empty(await ReadAll(new MemoryStream([])));

    [Fact]
    public async Task Field_without_a_space_and_unknown_fields_follow_the_SSE_rules()
    {
        var events = await ReadAll(new MemoryStream(Wire.Bytes("id: 7\nretry: 10\nevent:x\ndata:no-space\n\n")));
        Assert.Equal("x", events[0].Event);
        Assert.Equal("no-space", events[0].Data);
    }

    /// <summary>Returns reads of a fixed size, to try every boundary.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}

using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Waterfall.FrontDoor.Tests;

/// <summary>
/// Bytes that are not the message, sent straight over gRPC: INVALID_ARGUMENT with reason MALFORMED_REQUEST
/// (not UNKNOWN "Exception was thrown by handler."), at most one quiet log line, never a stack trace.
/// </summary>
public class MalformedMessageTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private async Task<RpcException> SendAsync(string method, byte[] body)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, "waterfall.v1.WalletService", method, Raw, Raw);
        var headers = new Metadata { { "authorization", $"Bearer {SiloFixture.AdminKey}" } };
        return await Assert.ThrowsAsync<RpcException>(() => silo.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers), body).ResponseAsync);
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "garbage bytes", [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x13, 0x37] },
        // Field 2 (varint) followed by eleven continuation bytes: no varint is longer than ten.
        { "an overlong varint", [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        // Field 1 (wallet_id, a string) holding 0xC3 0x28: not UTF-8.
        { "invalid UTF-8 in a string field", [0x0A, 0x02, 0xC3, 0x28] },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task A_body_that_is_not_the_message_is_invalid_argument_with_a_reason_and_one_quiet_log_line(string what, byte[] body)
    {
        var before = silo.Logs.Lines.Count;

        var error = await SendAsync("GetWallet", body);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{what}: {error.Status}");
        var info = error.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal("MALFORMED_REQUEST", info?.Reason);
        Assert.Equal("waterfall.dev", info?.Domain);
        var logged = silo.Logs.Lines.Skip(before).Where(l => l.Category.StartsWith("Grpc", StringComparison.Ordinal)).ToList();
        Assert.True(logged.Count <= 1, string.Join("\n", logged.Select(l => l.Message)));
        Assert.All(logged, line => Assert.True(line.Level < LogLevel.Warning && line.Exception is null, line.Message));
    }

    [Fact]
    public async Task A_malformed_debit_changes_nothing()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(walletId);
        await client.GrantCreditsAsync(walletId, Waterfall.Client.Amounts.Usd(1m));
        var sequence = (await client.GetWalletAsync(walletId)).Sequence;
        var valid = new Api.V1.DebitRequest { WalletId = walletId, IdempotencyKey = "k", Amount = new Api.V1.AmountCharge { Amount = new Api.V1.Amount { Value = 5, Unit = "usd" } } }.ToByteArray();

        var error = await SendAsync("Debit", [.. valid[..^1], 0xFF, 0xFF]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(sequence, (await client.GetWalletAsync(walletId)).Sequence);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_resource_exhausted_with_reason_message_too_large()
    {
        var error = await SendAsync("GetWallet", new byte[5 * 1024 * 1024]);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var info = error.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal("MESSAGE_TOO_LARGE", info?.Reason);
        Assert.Equal((4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), info?.Metadata["max_bytes"]);
    }

    [Fact]
    public async Task A_valid_message_still_goes_through_the_guarded_marshaller()
    {
        using var client = silo.Client();
        var walletId = $"w-{Guid.NewGuid():N}";

        var wallet = await client.CreateWalletAsync(walletId);

        Assert.Equal(walletId, wallet.WalletId);
    }
}

using System.Net;
using Grpc.Core;

namespace Waterfall.FrontDoor.Tests;

/// <summary>
/// A gRPC call to a method or service the silo does not have is UNIMPLEMENTED, as gRPC clients expect, and an HTTP
/// request to a path nothing serves is still a plain 404: the front door answers unknown calls itself, after routing,
/// instead of Grpc.AspNetCore's catch-all routes (docs/performance.md, "Routes that cost every call").
/// </summary>
public class UnknownCallTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Theory]
    [InlineData("waterfall.v1.WalletService", "NoSuchMethod")]
    [InlineData("waterfall.v1.NoSuchService", "Debit")]
    [InlineData("elsewhere.Greeter", "SayHello")]
    public async Task A_call_to_a_method_the_silo_does_not_have_is_unimplemented(string service, string method)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw);
        var headers = new Metadata { { "authorization", $"Bearer {SiloFixture.AdminKey}" } };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            silo.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers), [0x0A, 0x01, 0x77]).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains($"/{service}/{method}", error.Status.Detail);
    }

    [Fact]
    public async Task A_known_method_still_answers_beside_the_unknown_ones()
    {
        var client = silo.Client();
        var wallet = $"unknown-calls-{Guid.NewGuid():N}";
        await client.CreateWalletAsync(wallet);

        Assert.Equal(wallet, (await client.GetWalletAsync(wallet)).WalletId);
    }

    [Fact]
    public async Task An_http_request_to_a_path_nothing_serves_is_not_found()
    {
        using var http = new HttpClient { BaseAddress = silo.HttpAddress };

        var response = await http.PostAsync("/waterfall.v1.WalletService/NoSuchMethod", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("grpc-status"));
    }
}

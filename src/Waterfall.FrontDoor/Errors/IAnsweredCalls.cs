using Grpc.Core;

namespace Waterfall.FrontDoor;

/// <summary>
/// What the front door answered, call by call, for whoever counts it (the silo's wallet metrics). Told by
/// <see cref="ErrorInterceptor"/> after its error mapping, so it sees exactly the status and reason the client gets,
/// without a second interceptor's frame around every call.
/// </summary>
public interface IAnsweredCalls
{
    void Answered(string method, TimeSpan duration);

    /// <summary>The call ended in <paramref name="error"/>, as the client receives it.</summary>
    void Failed(string method, RpcException error, TimeSpan duration);

    /// <summary>Nobody counts.</summary>
    public static readonly IAnsweredCalls None = new Uncounted();

    private sealed class Uncounted : IAnsweredCalls
    {
        public void Answered(string method, TimeSpan duration) { }
        public void Failed(string method, RpcException error, TimeSpan duration) { }
    }
}

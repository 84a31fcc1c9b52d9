namespace Waterfall.Chain.Rpc;

/// <summary>The node answered, but not with well-formed JSON-RPC (or with a field we cannot parse).</summary>
public sealed class EthRpcProtocolException : Exception
{
    public EthRpcProtocolException(string message)
        : base(message)
    {
    }

    public EthRpcProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

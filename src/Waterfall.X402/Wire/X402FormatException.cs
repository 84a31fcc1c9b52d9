namespace Waterfall.X402;

/// <summary>A value that is not the x402 shape it should be: a missing or mistyped member, an empty string, a bad number.</summary>
public class X402FormatException : FormatException
{
    public X402FormatException(string message)
        : base(message)
    {
    }

    public X402FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

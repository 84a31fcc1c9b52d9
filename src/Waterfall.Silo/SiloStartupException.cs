namespace Waterfall.Silo;

/// <summary>The silo cannot start, for a reason an operator fixes: the message is the one line printed, with no stack trace.</summary>
public sealed class SiloStartupException : Exception
{
    public SiloStartupException(string message)
        : base(message)
    {
    }

    public SiloStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Waterfall.X402;

/// <summary>
/// An x402 header that cannot be decoded. <see cref="Reason"/> is the reference implementation's own
/// message for the header ("Invalid payment signature header", "Invalid payment required header",
/// "Invalid payment response header"); <see cref="Exception.Message"/> adds what exactly was wrong: not
/// base64, not JSON, or JSON of the wrong shape.
/// </summary>
public sealed class X402HeaderException : X402FormatException
{
    public X402HeaderException(string header, string reason, string detail, Exception? innerException = null)
        : base($"{reason}: {detail}", innerException ?? new FormatException(detail))
    {
        Header = header;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The header name, e.g. "PAYMENT-SIGNATURE".</summary>
    public string Header { get; }

    /// <summary>The reference's message for this header's decoding failure.</summary>
    public string Reason { get; }

    /// <summary>What was wrong: "not base64 …", "not JSON …", or the member that is missing or malformed.</summary>
    public string Detail { get; }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Waterfall.FakeProvider.Hosting;

/// <summary>
/// Lets one cleartext endpoint speak HTTP/1.1 and HTTP/2 with prior knowledge, as the gateway's
/// clients may use either. Kestrel 10 picks HTTP/1.1 on a cleartext Http1AndHttp2 endpoint because
/// without TLS there is no ALPN to choose by; this connection middleware peeks at the first bytes
/// and, on the HTTP/2 connection preface, presents the negotiation result Kestrel would have had
/// from ALPN ("h2"). Nothing is consumed: Kestrel reads the same bytes afterwards.
/// </summary>
internal static class CleartextHttp2
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    public static void UseCleartextHttp2(this ListenOptions endpoint)
    {
        endpoint.Protocols = HttpProtocols.Http1AndHttp2;
        endpoint.Use(next => async connection =>
        {
            if (await StartsWithPrefaceAsync(connection))
            {
                var negotiated = new PriorKnowledge();
                connection.Features.Set<ITlsConnectionFeature>(negotiated);
                connection.Features.Set<ITlsApplicationProtocolFeature>(negotiated);
            }
            await next(connection);
        });
    }

    /// <summary>
    /// The presented TLS feature makes Kestrel call the transport "https"; HTTP/2 requests carry
    /// <c>:scheme http</c>, which Kestrel accepts only when alternate schemes are allowed.
    /// </summary>
    public static void AllowCleartextHttp2(this KestrelServerOptions kestrel) => kestrel.AllowAlternateSchemes = true;

    private static async Task<bool> StartsWithPrefaceAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(connection.ConnectionClosed);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            var buffer = result.Buffer;
            var seen = buffer.Slice(0, Math.Min(buffer.Length, Preface.Length)).ToArray();
            var matchesSoFar = seen.AsSpan().SequenceEqual(Preface.AsSpan(0, seen.Length));
            if (!matchesSoFar || seen.Length == Preface.Length || result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                return matchesSoFar && seen.Length == Preface.Length;
            }
            // Not enough bytes to decide yet: ask for more without consuming any.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class PriorKnowledge : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public X509Certificate2? ClientCertificate { get; set; }

        public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<X509Certificate2?>(null);
    }
}

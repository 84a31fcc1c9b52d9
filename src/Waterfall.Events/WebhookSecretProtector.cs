using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Waterfall.Events;

/// <summary>
/// Keeps endpoint secrets out of grain storage in the clear (docs/events.md, "Secrets at rest"): AES-256-GCM under a
/// key from configuration (<see cref="EventsOptions.SecretKeys"/>), bound to the endpoint, so a read of the
/// storage — a backup, a support dump — gives no secret, and a protected secret copied to another endpoint does not
/// open. Decrypted only in memory to sign a delivery. Secrets stored before a key was configured stay readable and
/// are protected the next time their tenant's endpoints are written.
/// </summary>
public sealed partial class WebhookSecretProtector
{
    private const string Prefix = "wfsec1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string? _current;

    public WebhookSecretProtector(IOptions<EventsOptions> options, ILogger<WebhookSecretProtector>? logger = null)
    {
        foreach (var (id, value) in options.Value.SecretKeys)
        {
            byte[] key;
            try { key = Convert.FromBase64String(value); }
            catch (FormatException) { throw new InvalidOperationException($"Waterfall:Events:SecretKeys:{id} is not base64."); }
            if (key.Length != 32) throw new InvalidOperationException($"Waterfall:Events:SecretKeys:{id} must be 32 bytes (base64 of 32 random bytes), not {key.Length}.");
            if (id.Contains(':', StringComparison.Ordinal)) throw new InvalidOperationException($"A secret key id may not contain ':' ('{id}').");
            _keys[id] = key;
        }
        _current = options.Value.SecretKeyId ?? (_keys.Count == 1 ? _keys.Keys.Single() : null);
        if (_keys.Count > 1 && _current is null)
            throw new InvalidOperationException("Several Waterfall:Events:SecretKeys are configured: name the one that protects new secrets in Waterfall:Events:SecretKeyId.");
        if (_current is not null && !_keys.ContainsKey(_current))
            throw new InvalidOperationException($"Waterfall:Events:SecretKeyId names '{_current}', which is not in Waterfall:Events:SecretKeys.");
        if (_current is null && logger is not null) LogUnprotected(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Waterfall:Events:SecretKeys configured: webhook endpoint secrets are stored in the clear (docs/events.md)")]
    private static partial void LogUnprotected(ILogger logger);

    /// <summary>Whether new secrets are protected (a key is configured); without one they are stored as given.</summary>
    public bool Protects => _current is not null;

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The form to store: <c>wfsec1:&lt;key id&gt;:&lt;base64 nonce|tag|ciphertext&gt;</c>, or the secret itself without a key.</summary>
    public string Protect(string endpointId, string secret)
    {
        if (_current is null || IsProtected(secret)) return secret;
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBox = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_current], TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), Bound(endpointId));
        return $"{Prefix}{_current}:{Convert.ToBase64String(sealedBox)}";
    }

    /// <summary>The secret to sign with. A stored form under a key no longer configured is an operator error, said plainly.</summary>
    public string Unprotect(string endpointId, string stored)
    {
        if (!IsProtected(stored)) return stored;
        var rest = stored[Prefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var id = colon < 0 ? "" : rest[..colon];
        if (!_keys.TryGetValue(id, out var key))
            throw new InvalidOperationException($"Endpoint {endpointId}'s secret is protected with key '{id}', which is not in Waterfall:Events:SecretKeys.");
        var sealedBox = Convert.FromBase64String(rest[(colon + 1)..]);
        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plain, Bound(endpointId));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Bound(string endpointId) => Encoding.UTF8.GetBytes($"waterfall/webhook-secret/{endpointId}");
}

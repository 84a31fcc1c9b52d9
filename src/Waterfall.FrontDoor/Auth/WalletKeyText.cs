using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Waterfall.FrontDoor.Auth;

/// <summary>
/// The text of a wallet key: <c>wf_wk_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id is 10 random bytes and
/// the secret 32 (256 bits), both in lowercase RFC 4648 base32 without padding (16 and 52 characters):
/// no character that needs escaping in a header, a URL or a shell, and a double-click selects the
/// whole key. The id is not secret (it names the key in lists and revocations); the secret is only
/// ever stored as its SHA-256.
/// </summary>
public static class WalletKeyText
{
    public const string Prefix = "wf_wk_";
    public const int KeyIdLength = 16;
    public const int SecretLength = 52;
    public const int Length = 6 + KeyIdLength + 1 + SecretLength;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly SearchValues<char> Base32 = SearchValues.Create(Alphabet);

    /// <summary>A fresh key: its id, its whole text (shown once), and the hash of its secret (stored).</summary>
    public static (string KeyId, string Text, byte[] SecretHash) Generate()
    {
        var keyId = Encode(RandomNumberGenerator.GetBytes(10));
        var secret = Encode(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}", HashSecret(secret));
    }

    /// <summary>True when <paramref name="text"/> has the exact shape of a wallet key; says nothing about whether it works.</summary>
    public static bool TryParse(string? text, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (text is not { Length: Length } || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + KeyIdLength] != '_')
            return false;
        var id = text.AsSpan(Prefix.Length, KeyIdLength);
        var rest = text.AsSpan(Prefix.Length + KeyIdLength + 1);
        if (id.ContainsAnyExcept(Base32) || rest.ContainsAnyExcept(Base32)) return false;
        keyId = id.ToString();
        secret = rest.ToString();
        return true;
    }

    public static bool IsKeyId(string? keyId) =>
        keyId is { Length: KeyIdLength } && !keyId.AsSpan().ContainsAnyExcept(Base32);

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFF; // fewer than 5 bits are ever left over, plus the new 8
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }
}

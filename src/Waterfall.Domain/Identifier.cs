using System.Buffers;

namespace Waterfall.Domain;

/// <summary>
/// The one rule for every id a client chooses (tenant, wallet, grant, hold, idempotency key):
/// 1–128 characters of letters, digits and <c>. _ : -</c>. No slash, so ids compose into
/// grain keys without escaping.
/// </summary>
public static class Identifier
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && !value.AsSpan().ContainsAnyExcept(Allowed);
}

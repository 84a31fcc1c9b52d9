using Waterfall.Domain.Wallets;
using static Waterfall.Ledger.Serialization.Compact.CompactParts;

namespace Waterfall.Ledger.Serialization.Compact;

/// <summary>
/// The compact binary form of the events and receipts every metered call writes — debits and the hold path — about a
/// fifth of their JSON's bytes, written without a serializer's reflection (docs/durability.md, "The stored form").
/// A value starts with <see cref="Tag"/>, which no JSON text does, then its kind's code and its fields in a fixed order.
/// Other kinds stay JSON: they are rare, and JSON follows a type's new fields without a codec to mend.
/// </summary>
public static class CompactForm
{
    /// <summary>The first byte of a compact value (JSON starts with <c>{</c>).</summary>
    public const byte Tag = 0x01;

    private const byte DebitedCode = 1, AuthorizedCode = 2, ExtendedCode = 3, CapturedCode = 4, VoidedCode = 5;
    private const byte DebitReceiptCode = 1, HoldReceiptCode = 2, ExtendReceiptCode = 3, CaptureReceiptCode = 4, VoidReceiptCode = 5;

    public static bool Covers(WalletEvent e) => e is Debited or HoldAuthorized or HoldExtended or HoldCaptured or HoldVoided;

    public static bool Covers(Receipt r) => r is DebitReceipt or HoldReceipt or ExtendReceipt or CaptureReceipt or VoidReceipt;

    public static bool IsCompact(ReadOnlySpan<byte> stored) => stored.Length > 0 && stored[0] == Tag;

    public static void Write(CompactWriter w, WalletEvent e)
    {
        w.Byte(Tag);
        switch (e)
        {
            case Debited d:
                Command(w, DebitedCode, d);
                Charge(w, d.Charge);
                Coverage(w, d.Coverage);
                Attribution(w, d.GivenAttribution);
                break;
            case HoldAuthorized a:
                Command(w, AuthorizedCode, a);
                Charge(w, a.Estimate);
                Coverage(w, a.Reserved);
                w.Time(a.ExpiresAt);
                Attribution(w, a.GivenAttribution);
                break;
            case HoldExtended x:
                Command(w, ExtendedCode, x);
                Hold(w, x.Hold);
                w.Time(x.ExpiresAt);
                break;
            case HoldCaptured c:
                Command(w, CapturedCode, c);
                Hold(w, c.Hold);
                Charge(w, c.Actual);
                Coverage(w, c.Captured);
                Draws(w, c.Released);
                w.Long(c.OverageReleased);
                Attribution(w, c.GivenAttribution);
                break;
            case HoldVoided v:
                Command(w, VoidedCode, v);
                Hold(w, v.Hold);
                Draws(w, v.Released);
                break;
            default:
                throw new ArgumentException($"{e.GetType().Name} has no compact form; it is stored as JSON.", nameof(e));
        }
    }

    public static WalletEvent ReadEvent(ReadOnlySpan<byte> stored) => Whole(stored, static (ref CompactReader r) =>
    {
        var code = r.Byte();
        var (sequence, at, key, fingerprint) = (r.Long(), r.Time(), r.RequiredString(), r.Fingerprint());
        return code switch
        {
            DebitedCode => (WalletEvent)new Debited(sequence, at, key, fingerprint, Charge(ref r), Coverage(ref r), Attribution(ref r)),
            AuthorizedCode => new HoldAuthorized(sequence, at, key, fingerprint, Charge(ref r), Coverage(ref r), r.Time(), Attribution(ref r)),
            ExtendedCode => new HoldExtended(sequence, at, key, fingerprint, Hold(ref r), r.Time()),
            CapturedCode => new HoldCaptured(sequence, at, key, fingerprint, Hold(ref r), Charge(ref r), Coverage(ref r), Draws(ref r), r.Long(), Attribution(ref r)),
            VoidedCode => new HoldVoided(sequence, at, key, fingerprint, Hold(ref r), Draws(ref r)),
            _ => throw new FormatException($"Compact form: unknown event code {code}."),
        };
    });

    public static void Write(CompactWriter w, Receipt receipt)
    {
        w.Byte(Tag);
        switch (receipt)
        {
            case DebitReceipt d:
                Header(w, DebitReceiptCode, d);
                Coverage(w, d.Coverage);
                Amounts(w, d.AvailableAfter);
                break;
            case HoldReceipt h:
                Header(w, HoldReceiptCode, h);
                Hold(w, h.Hold);
                Coverage(w, h.Reserved);
                w.Time(h.ExpiresAt);
                break;
            case ExtendReceipt x:
                Header(w, ExtendReceiptCode, x);
                Hold(w, x.Hold);
                w.Time(x.ExpiresAt);
                break;
            case CaptureReceipt c:
                Header(w, CaptureReceiptCode, c);
                Hold(w, c.Hold);
                Coverage(w, c.Captured);
                Draws(w, c.Released);
                w.Long(c.OverageReleased);
                Amounts(w, c.AvailableAfter);
                break;
            case VoidReceipt v:
                Header(w, VoidReceiptCode, v);
                Hold(w, v.Hold);
                Draws(w, v.Released);
                break;
            default:
                throw new ArgumentException($"{receipt.GetType().Name} has no compact form; it is stored as JSON.", nameof(receipt));
        }
    }

    public static Receipt ReadReceipt(ReadOnlySpan<byte> stored) => Whole(stored, static (ref CompactReader r) =>
    {
        var code = r.Byte();
        var sequence = r.Long();
        return code switch
        {
            DebitReceiptCode => (Receipt)new DebitReceipt(sequence, Coverage(ref r), Amounts(ref r)),
            HoldReceiptCode => new HoldReceipt(sequence, Hold(ref r), Coverage(ref r), r.Time()),
            ExtendReceiptCode => new ExtendReceipt(sequence, Hold(ref r), r.Time()),
            CaptureReceiptCode => new CaptureReceipt(sequence, Hold(ref r), Coverage(ref r), Draws(ref r), r.Long(), Amounts(ref r)),
            VoidReceiptCode => new VoidReceipt(sequence, Hold(ref r), Draws(ref r)),
            _ => throw new FormatException($"Compact form: unknown receipt code {code}."),
        };
    });

    private static void Command(CompactWriter w, byte code, CommandEvent e)
    {
        w.Byte(code);
        w.Long(e.Sequence);
        w.Time(e.At);
        w.String(e.Key);
        w.Fingerprint(e.Fingerprint);
    }

    private static void Header(CompactWriter w, byte code, Receipt receipt)
    {
        w.Byte(code);
        w.Long(receipt.Sequence);
    }

    private delegate T Reading<out T>(ref CompactReader reader);

    /// <summary>Reads one value that must fill <paramref name="stored"/> exactly: trailing bytes mean it is not what we wrote.</summary>
    private static T Whole<T>(ReadOnlySpan<byte> stored, Reading<T> read)
    {
        if (!IsCompact(stored)) throw new FormatException("Not a compact value.");
        var reader = new CompactReader(stored[1..]);
        T value;
        try
        {
            value = read(ref reader);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            throw new FormatException($"Compact form: {ex.Message}", ex);
        }
        return reader.AtEnd ? value : throw new FormatException("Compact form: bytes after the value.");
    }
}

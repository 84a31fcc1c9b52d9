using System.Reflection;
using System.Text;
using CsCheck;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;
using Waterfall.Domain.Pricing.Rating;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger.Serialization;
using Waterfall.Ledger.Serialization.Compact;

namespace Waterfall.Ledger.Tests;

/// <summary>
/// The compact form is judged by the JSON form: whatever it reads back must serialize to exactly the JSON the event or
/// receipt would have been stored as, so a field it dropped, a decimal's scale or a time's offset it lost all show.
/// </summary>
public class CompactFormProperties
{
    private static readonly Gen<string> Text = Gen.OneOf(Gen.String.AlphaNumeric, Gen.String, Gen.Const("Zoë 😀 模型"), Gen.Const("a lone \ud800 surrogate"));
    private static readonly Gen<string?> MaybeText = Gen.Select(Gen.Int[0, 4], Text, (i, t) => i < 3 ? null : t);
    private static readonly Gen<long> Nanos = Gen.Long[0, Amount.MaxValue];
    private static readonly Gen<decimal> Exact = Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 28], (m, scale) => new decimal((int)m, (int)(m >> 32), 0, false, (byte)scale));
    private static readonly Gen<DateTimeOffset> Time = Gen.Select(Gen.Long[0, 3_000_000_000L], Gen.Int[-14 * 4, 14 * 4],
        (seconds, quarters) => new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds).AddTicks(seconds % 9_999).ToOffset(TimeSpan.FromMinutes(15 * quarters)));
    private static readonly Gen<CreditUnit> Unit = Gen.Int[0, CreditUnit.All.Count - 1].Select(i => CreditUnit.All[i]);
    private static readonly Gen<string> Fingerprint = Gen.OneOf(Gen.Byte.Array[16].Select(Convert.ToHexString), Text);
    private static readonly Gen<Draw[]> Draws = Gen.Select(Text, Unit, Nanos, (g, u, a) => new Draw(new GrantId(g), u, a)).Array[0, 4];
    private static readonly Gen<Coverage> Coverage = Gen.Select(Draws, Nanos, Exact, Nanos, Nanos, (d, t, e, m, o) => new Coverage(d, t, e, m, o));
    private static readonly Gen<Amount[]> Amounts = Gen.Select(Nanos, Unit, (v, u) => new Amount(v, u)).Array[0, 3];

    private static readonly Gen<Charge> Charge = Gen.OneOf<Charge>(
        Gen.Select(Nanos, Unit, MaybeText, MaybeText, MaybeText, (v, u, metric, model, provider) => new AmountCharge(new Amount(v, u), new ChargeContext(metric, model, provider))),
        Gen.Select(Text, Text, Gen.Select(Gen.Enum<UsageComponent>(), Nanos, Exact, (c, t, p) => new RatedLine(c, t, p)).Array[0, 8], Gen.Bool,
            Gen.Select(MaybeText, Gen.Int.Nullable(), MaybeText, (tier, version, metric) => (tier, version, metric)),
            (model, provider, lines, batch, rest) => new UsageCharge(new RatedUsage(model, provider, lines, batch, rest.tier, rest.version), rest.metric)));

    private static readonly Gen<Attribution?> Attribution = Gen.Select(Gen.Int[0, 3], MaybeText.Array[9], Gen.Long.Nullable().Array[2], (i, t, n) =>
        i == 0 ? null : new Attribution(t[0], t[1], t[2], t[3], t[4], n[0], n[1], t[5], t[6], t[7], t[8]));

    private static readonly Gen<(long Sequence, DateTimeOffset At, string Key, string Fingerprint)> Command =
        Gen.Select(Gen.Long[1, long.MaxValue], Time, Text, Fingerprint);

    private static readonly Gen<WalletEvent> Event = Gen.OneOf<WalletEvent>(
        Gen.Select(Command, Charge, Coverage, Attribution, (c, charge, coverage, a) => new Debited(c.Sequence, c.At, c.Key, c.Fingerprint, charge, coverage, a)),
        Gen.Select(Command, Charge, Coverage, Time, Attribution, (c, charge, coverage, expires, a) => new HoldAuthorized(c.Sequence, c.At, c.Key, c.Fingerprint, charge, coverage, expires, a)),
        Gen.Select(Command, Text, Time, (c, hold, expires) => new HoldExtended(c.Sequence, c.At, c.Key, c.Fingerprint, new HoldId(hold), expires)),
        Gen.Select(Command, Text, Charge, Coverage, Draws, Gen.Select(Nanos, Attribution),
            (c, hold, charge, coverage, released, rest) => new HoldCaptured(c.Sequence, c.At, c.Key, c.Fingerprint, new HoldId(hold), charge, coverage, released, rest.Item1, rest.Item2)),
        Gen.Select(Command, Text, Draws, (c, hold, released) => new HoldVoided(c.Sequence, c.At, c.Key, c.Fingerprint, new HoldId(hold), released)));

    private static readonly Gen<Receipt> Receipt = Gen.OneOf<Receipt>(
        Gen.Select(Gen.Long[1, long.MaxValue], Coverage, Amounts, (s, c, a) => new DebitReceipt(s, c, a)),
        Gen.Select(Gen.Long[1, long.MaxValue], Text, Coverage, Time, (s, h, c, e) => new HoldReceipt(s, new HoldId(h), c, e)),
        Gen.Select(Gen.Long[1, long.MaxValue], Text, Time, (s, h, e) => new ExtendReceipt(s, new HoldId(h), e)),
        Gen.Select(Gen.Long[1, long.MaxValue], Text, Coverage, Draws, Nanos, Amounts, (s, h, c, r, o, a) => new CaptureReceipt(s, new HoldId(h), c, r, o, a)),
        Gen.Select(Gen.Long[1, long.MaxValue], Text, Draws, (s, h, r) => new VoidReceipt(s, new HoldId(h), r)));

    [Fact]
    public void Any_call_event_reads_back_from_the_compact_form_as_the_json_it_would_have_been_stored_as() =>
        Event.Sample(e => Assert.Equal(LedgerJson.Serialize(e), LedgerJson.Serialize(CompactForm.ReadEvent(Compact(w => CompactForm.Write(w, e))))));

    [Fact]
    public void Any_call_receipt_reads_back_from_the_compact_form_as_the_json_it_would_have_been_stored_as() =>
        Receipt.Sample(r => Assert.Equal(LedgerJson.Serialize(r), LedgerJson.Serialize(CompactForm.ReadReceipt(Compact(w => CompactForm.Write(w, r))))));

    [Fact]
    public void The_scenarios_call_events_and_receipts_read_back_equal_and_in_a_fraction_of_their_json()
    {
        var entries = new Scenario().EveryEventKind().Entries.Where(e => CompactForm.Covers(e.Event)).ToList();
        Assert.Equal(5, entries.Select(e => e.Event.GetType()).Distinct().Count()); // debit, authorize, extend, capture, void
        foreach (var entry in entries)
        {
            var stored = Compact(w => CompactForm.Write(w, entry.Event));
            var json = LedgerJson.Serialize(entry.Event);
            Assert.Equal(json, LedgerJson.Serialize(StoredForm.ReadEvent(stored)));
            Assert.Equal(entry.Event.Postings("w1"), StoredForm.ReadEvent(stored).Postings("w1"));
            Assert.True(stored.Length * 2 < Encoding.UTF8.GetByteCount(json), $"{entry.Event.Kind}: {stored.Length} bytes against {json.Length} of JSON");

            var receipt = Compact(w => CompactForm.Write(w, entry.Receipt!));
            Assert.Equal(LedgerJson.Serialize(entry.Receipt!), LedgerJson.Serialize(StoredForm.ReadReceipt(receipt)));
        }
    }

    [Fact]
    public void Json_rows_written_before_the_compact_form_still_read_through_the_stored_form()
    {
        foreach (var entry in new Scenario().EveryEventKind().Entries)
        {
            var json = LedgerJson.Serialize(entry.Event);
            Assert.Equal(json, LedgerJson.Serialize(StoredForm.ReadEvent(Encoding.UTF8.GetBytes(json))));
            if (entry.Receipt is { } receipt)
                Assert.Equal(LedgerJson.Serialize(receipt), LedgerJson.Serialize(StoredForm.ReadReceipt(Encoding.UTF8.GetBytes(LedgerJson.Serialize(receipt)))));
        }
    }

    [Fact]
    public void A_cut_or_padded_compact_value_is_refused_as_malformed_never_read_as_something_else() =>
        Gen.Select(Event, Gen.Int[0, int.MaxValue], Gen.Byte).Sample((e, cut, extra) =>
        {
            var whole = Compact(w => CompactForm.Write(w, e));
            var prefix = whole[..(1 + cut % (whole.Length - 1))];
            Assert.Throws<FormatException>(() => CompactForm.ReadEvent(prefix));
            Assert.Throws<FormatException>(() => CompactForm.ReadEvent([.. whole, extra]));
        });

    [Fact]
    public void The_usage_components_codes_are_frozen_and_cover_every_component()
    {
        // Stored rows depend on these codes (1 + the index): append a new component, never reorder.
        Assert.Equal(
            [UsageComponent.Input, UsageComponent.CacheRead, UsageComponent.CacheWrite5m, UsageComponent.CacheWrite1h,
             UsageComponent.AudioInput, UsageComponent.Output, UsageComponent.Reasoning, UsageComponent.AudioOutput],
            CompactParts.ComponentCodes);
        Assert.Equal(Enum.GetValues<UsageComponent>().Order(), CompactParts.ComponentCodes.Order());
    }

    /// <summary>
    /// JSON picks up a new field by itself; the compact form does not. A field added to a type it writes fails here until
    /// <see cref="CompactForm"/> and <see cref="CompactParts"/> write it (and the generators above produce it).
    /// </summary>
    [Fact]
    public void A_field_added_to_a_type_the_compact_form_writes_fails_until_the_compact_form_writes_it()
    {
        var written = new Dictionary<Type, string>
        {
            [typeof(Debited)] = "Sequence At Key Fingerprint Charge Coverage GivenAttribution",
            [typeof(HoldAuthorized)] = "Sequence At Key Fingerprint Estimate Reserved ExpiresAt GivenAttribution",
            [typeof(HoldExtended)] = "Sequence At Key Fingerprint Hold ExpiresAt",
            [typeof(HoldCaptured)] = "Sequence At Key Fingerprint Hold Actual Captured Released OverageReleased GivenAttribution",
            [typeof(HoldVoided)] = "Sequence At Key Fingerprint Hold Released",
            [typeof(DebitReceipt)] = "Sequence Coverage AvailableAfter",
            [typeof(HoldReceipt)] = "Sequence Hold Reserved ExpiresAt",
            [typeof(ExtendReceipt)] = "Sequence Hold ExpiresAt",
            [typeof(CaptureReceipt)] = "Sequence Hold Captured Released OverageReleased AvailableAfter",
            [typeof(VoidReceipt)] = "Sequence Hold Released",
            [typeof(AmountCharge)] = "Amount Context",
            [typeof(UsageCharge)] = "Usage Metric",
            [typeof(ChargeContext)] = "Metric Model Provider",
            [typeof(RatedUsage)] = "Model Provider Lines Batch Tier PricingVersion",
            [typeof(RatedLine)] = "Component Tokens UnitPrice",
            [typeof(Coverage)] = "Draws TokensCovered ExactCost MoneyCost Overage",
            [typeof(Draw)] = "Grant Unit Amount",
            [typeof(Amount)] = "Value Unit",
            [typeof(Attribution)] = "CustomerId AgentId RequestId Model Provider InputTokens OutputTokens Payer Network TransactionHash EndUser",
            [typeof(GrantId)] = "Value",
            [typeof(HoldId)] = "Value",
        };
        foreach (var (type, fields) in written)
        {
            var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length)!;
            Assert.Equal(fields, string.Join(' ', constructor.GetParameters().Select(p => p.Name)));
        }
    }

    private static byte[] Compact(Action<CompactWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new CompactWriter();
        writer.Reset(buffer);
        write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}

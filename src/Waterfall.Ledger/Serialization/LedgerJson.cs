using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Holds;
using Waterfall.Domain.Money;
using Waterfall.Domain.Refills;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Serialization;

/// <summary>
/// The stored form of wallet events, snapshots and receipts: System.Text.Json with explicit type
/// discriminators and enum names, so a stored row never depends on a CLR type name or an enum's
/// position. Computed properties are not stored.
/// </summary>
public static class LedgerJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize(WalletEvent @event) => JsonSerializer.Serialize(@event, Options);

    public static WalletEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<WalletEvent>(json, Options) ?? throw new JsonException("Empty wallet event.");

    /// <summary>The same, from the UTF-8 a store read as bytes.</summary>
    public static WalletEvent DeserializeEvent(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<WalletEvent>(utf8, Options) ?? throw new JsonException("Empty wallet event.");

    public static string Serialize(WalletSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    public static WalletSnapshot DeserializeSnapshot(string json) =>
        JsonSerializer.Deserialize<WalletSnapshot>(json, Options) ?? throw new JsonException("Empty wallet snapshot.");

    public static string Serialize(Receipt receipt) => JsonSerializer.Serialize(receipt, Options);

    /// <summary>The same JSON as <see cref="Serialize(WalletEvent)"/>, written as UTF-8 where a store binds bytes.</summary>
    public static void Write(Utf8JsonWriter writer, WalletEvent @event) => JsonSerializer.Serialize(writer, @event, Options);

    /// <summary>The same JSON as <see cref="Serialize(Receipt)"/>, written as UTF-8 where a store binds bytes.</summary>
    public static void Write(Utf8JsonWriter writer, Receipt receipt) => JsonSerializer.Serialize(writer, receipt, Options);

    public static Receipt DeserializeReceipt(string json) =>
        JsonSerializer.Deserialize<Receipt>(json, Options) ?? throw new JsonException("Empty receipt.");

    /// <summary>The same, from the UTF-8 a store read as bytes.</summary>
    public static Receipt DeserializeReceipt(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<Receipt>(utf8, Options) ?? throw new JsonException("Empty receipt.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = LedgerJsonContext.Default.WithAddedModifier(Polymorphism).WithAddedModifier(StoredPropertiesOnly),
        };
        // Before the generic enum converter, which would write "UsdcAllowance": invoice rules keep the name they were
        // stored with ("Invoice"), the new source is written "usdc_allowance"; both names are read either way.
        options.Converters.Add(new StringValueConverter<RefillFunding>(
            f => f == RefillFunding.Invoice ? nameof(RefillFunding.Invoice) : RefillFundingName.Of(f),
            v => RefillFundingName.Parse(v) ?? throw new JsonException($"Unknown refill funding '{v}'.")));
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new StringValueConverter<CreditUnit>(u => u.Code, CreditUnit.Parse));
        options.Converters.Add(new StringValueConverter<GrantKind>(k => k.Code, c => new GrantKind(c)));
        options.Converters.Add(new StringValueConverter<GrantId>(g => g.Value, v => new GrantId(v)));
        options.Converters.Add(new StringValueConverter<HoldId>(h => h.Value, v => new HoldId(v)));
        options.MakeReadOnly();
        return options;
    }

    private static void Polymorphism(JsonTypeInfo info)
    {
        if (info.Type == typeof(WalletEvent))
            Derive(info,
                (typeof(WalletOpened), "opened"), (typeof(CreditsGranted), "granted"), (typeof(Debited), "debited"),
                (typeof(HoldAuthorized), "authorized"), (typeof(HoldCaptured), "captured"), (typeof(HoldVoided), "voided"),
                (typeof(HoldExpired), "hold_expired"), (typeof(HoldExtended), "extended"), (typeof(GrantExpired), "grant_expired"),
                (typeof(SettingsChanged), "settings"), (typeof(TopUpSettled), "top_up_settled"), (typeof(TopUpReversed), "top_up_reversed"),
                (typeof(RevokedCreditRecovered), "revoked_credit_recovered"), (typeof(HoldGrown), "grown"),
                (typeof(RefillRuleSet), "refill_rule_set"), (typeof(RefillRuleCleared), "refill_rule_cleared"),
                (typeof(RefillRuleDisabled), "refill_rule_disabled"), (typeof(RefillFailed), "refill_failed"), (typeof(Refilled), "refilled"),
                (typeof(GrantRolledOver), "rolled_over"), (typeof(InvoicePosted), "invoice_posted"),
                (typeof(PlanCreditsForfeited), "plan_credits_forfeited"),
                (typeof(SubscriptionRenewed), "subscription_renewed"),
                (typeof(SubscriptionChanged), "subscription_changed"),
                (typeof(InvoicePaid), "invoice_paid"),
                (typeof(GrantExpiryNoticed), "grant_expiry_noticed"));
        else if (info.Type == typeof(Charge))
            Derive(info, (typeof(AmountCharge), "amount"), (typeof(UsageCharge), "usage"));
        else if (info.Type == typeof(Receipt))
            Derive(info,
                (typeof(OpenReceipt), "open"), (typeof(GrantReceipt), "grant"), (typeof(DebitReceipt), "debit"),
                (typeof(HoldReceipt), "hold"), (typeof(CaptureReceipt), "capture"), (typeof(VoidReceipt), "void"),
                (typeof(ExtendReceipt), "extend"), (typeof(SettingsReceipt), "settings"),
                (typeof(TopUpSettledReceipt), "top_up_settled"), (typeof(TopUpReversedReceipt), "top_up_reversed"),
                (typeof(GrowReceipt), "grow"),
                (typeof(RefillRuleReceipt), "refill_rule"),
                (typeof(RolloverReceipt), "rollover"), (typeof(InvoicePostedReceipt), "invoice_posted"),
                (typeof(ForfeitReceipt), "forfeit"), (typeof(RenewalReceipt), "renewal"), (typeof(SubscriptionChangeReceipt), "subscription_change"),
                (typeof(InvoicePaidReceipt), "invoice_paid"));
    }

    private static void Derive(JsonTypeInfo info, params (Type Type, string Discriminator)[] derived)
    {
        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var (type, discriminator) in derived)
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, discriminator));
    }

    /// <summary>Keeps what a constructor or setter can take back; drops computed, get-only properties.</summary>
    private static void StoredPropertiesOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null) info.Properties.RemoveAt(i);
        }
    }

    private sealed class StringValueConverter<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            read(reader.GetString() ?? throw new JsonException($"Expected a string for {typeof(T).Name}."));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Wallets;

namespace Waterfall.Ledger.Serialization;

/// <summary>
/// Compile-time JSON metadata for everything the ledger stores: every journal entry is serialized
/// on the write path, so reflection-built metadata is too slow there. Polymorphism and the
/// stored-properties rule are layered on in <see cref="LedgerJson"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WalletEvent))]
[JsonSerializable(typeof(WalletOpened))]
[JsonSerializable(typeof(CreditsGranted))]
[JsonSerializable(typeof(Debited))]
[JsonSerializable(typeof(HoldAuthorized))]
[JsonSerializable(typeof(HoldGrown))]
[JsonSerializable(typeof(HoldCaptured))]
[JsonSerializable(typeof(HoldVoided))]
[JsonSerializable(typeof(HoldExpired))]
[JsonSerializable(typeof(HoldExtended))]
[JsonSerializable(typeof(GrantExpired))]
[JsonSerializable(typeof(SettingsChanged))]
[JsonSerializable(typeof(TopUpSettled))]
[JsonSerializable(typeof(TopUpReversed))]
[JsonSerializable(typeof(RevokedCreditRecovered))]
[JsonSerializable(typeof(RefillRuleSet))]
[JsonSerializable(typeof(RefillRuleCleared))]
[JsonSerializable(typeof(RefillRuleDisabled))]
[JsonSerializable(typeof(RefillFailed))]
[JsonSerializable(typeof(Refilled))]
[JsonSerializable(typeof(GrantRolledOver))]
[JsonSerializable(typeof(InvoicePosted))]
[JsonSerializable(typeof(PlanCreditsForfeited))]
[JsonSerializable(typeof(SubscriptionRenewed))]
[JsonSerializable(typeof(SubscriptionChanged))]
[JsonSerializable(typeof(InvoicePaid))]
[JsonSerializable(typeof(GrantExpiryNoticed))]
[JsonSerializable(typeof(AmountCharge))]
[JsonSerializable(typeof(UsageCharge))]
[JsonSerializable(typeof(WalletSnapshot))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(OpenReceipt))]
[JsonSerializable(typeof(GrantReceipt))]
[JsonSerializable(typeof(DebitReceipt))]
[JsonSerializable(typeof(HoldReceipt))]
[JsonSerializable(typeof(CaptureReceipt))]
[JsonSerializable(typeof(VoidReceipt))]
[JsonSerializable(typeof(GrowReceipt))]
[JsonSerializable(typeof(ExtendReceipt))]
[JsonSerializable(typeof(SettingsReceipt))]
[JsonSerializable(typeof(TopUpSettledReceipt))]
[JsonSerializable(typeof(TopUpReversedReceipt))]
[JsonSerializable(typeof(RefillRuleReceipt))]
[JsonSerializable(typeof(RolloverReceipt))]
[JsonSerializable(typeof(InvoicePostedReceipt))]
[JsonSerializable(typeof(ForfeitReceipt))]
[JsonSerializable(typeof(RenewalReceipt))]
[JsonSerializable(typeof(SubscriptionChangeReceipt))]
[JsonSerializable(typeof(InvoicePaidReceipt))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

namespace Waterfall.Contracts;

/// <summary>
/// One wallet, keyed by "tenant/wallet" (see <see cref="WalletGrainKey"/>). Every call is
/// answered only after what it changed is durable.
/// </summary>
[Alias("wf.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    [Alias("Open")] Task<Reply<OpenReceipt>> Open(OpenWallet command);
    [Alias("ChangeSettings")] Task<Reply<SettingsReceipt>> ChangeSettings(ChangeSettings command);
    [Alias("Grant")] Task<Reply<GrantReceipt>> Grant(GrantCredits command);

    /// <summary>Credits a verified x402 payment (source x402 payment, pending its settlement); <see cref="Grant"/> refuses that source.</summary>
    [Alias("CreditTopUp")] Task<Reply<GrantReceipt>> CreditTopUp(GrantCredits command);
    [Alias("Debit")] Task<Reply<DebitReceipt>> Debit(DebitWallet command);

    /// <summary>
    /// Many debits of this wallet, decided in order in one turn and made durable in one journal append;
    /// one reply per debit, in the same order. A refused debit does not stop the others.
    /// </summary>
    [Alias("DebitBatch")] Task<Reply<DebitReceipt>[]> DebitBatch(DebitWallet[] commands);
    [Alias("Authorize")] Task<Reply<HoldReceipt>> Authorize(AuthorizeHold command);
    /// <summary>Reserves more for an open hold, all or nothing (e.g. as a streamed response outgrows its first hold).</summary>
    [Alias("Grow")] Task<Reply<GrowReceipt>> Grow(GrowHold command);
    [Alias("Capture")] Task<Reply<CaptureReceipt>> Capture(CaptureHold command);
    [Alias("Void")] Task<Reply<VoidReceipt>> Void(VoidHold command);
    [Alias("Extend")] Task<Reply<ExtendReceipt>> Extend(ExtendHold command);

    /// <summary>An x402 top-up's payment settled on chain.</summary>
    [Alias("ConfirmTopUp")] Task<Reply<TopUpSettledReceipt>> ConfirmTopUp(ConfirmTopUp command);

    /// <summary>An x402 top-up's payment failed on chain: take the credit back.</summary>
    [Alias("ReverseTopUp")] Task<Reply<TopUpReversedReceipt>> ReverseTopUp(ReverseTopUp command);

    /// <summary>
    /// The receipt first given for this operation and idempotency key, if the wallet still remembers
    /// it (its in-memory window, or the durable key table the grain already consults for forgotten keys).
    /// <paramref name="operation"/> is "authorize", "grow", "capture", "void", "extend" or "debit"; anything
    /// else, like a key never used, answers null. Refuses nothing and changes nothing.
    /// </summary>
    [Alias("Recall")] Task<RecalledReceipt?> Recall(string operation, string idempotencyKey);

    /// <summary>The wallet's balances, grants and open holds; refused with WALLET_NOT_FOUND if it was never opened.</summary>
    [Alias("Get")] Task<Reply<WalletView>> Get();

    /// <summary>Ledger transactions with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    [Alias("ListLedger")] Task<Reply<LedgerPage>> ListLedger(long afterSequence, int limit);
}

public static class WalletGrainKey
{
    public static string For(string tenantId, string walletId) => $"{tenantId}/{walletId}";

    public static IWalletGrain Wallet(this IGrainFactory grains, string tenantId, string walletId) =>
        grains.GetGrain<IWalletGrain>(For(tenantId, walletId));
}

/// <summary>
/// The wallet could not make a change durable (its store failed, or another activation owns the
/// wallet). Nothing was acknowledged; retry with the same idempotency key.
/// </summary>
[GenerateSerializer, Alias("wf.WalletUnavailableException")]
public sealed class WalletUnavailableException : Exception
{
    public WalletUnavailableException() { }
    public WalletUnavailableException(string message) : base(message) { }
    public WalletUnavailableException(string message, Exception inner) : base(message, inner) { }
}

using Waterfall.Contracts;
using Waterfall.Contracts.Cycles;
using Waterfall.Domain.Invoices;
using Waterfall.Domain.Settlement;

namespace Waterfall.Grains.Settlement;

/// <summary>
/// What an authorization buys, and what its outcome does to it: a top-up credits the wallet (confirmed
/// or reversed later), an invoice payment is held on the invoice (paid or released later). Every call
/// carries a key or a nonce the other side recognises, so repeating one after a crash changes nothing.
/// </summary>
public sealed partial class SettlementGrain
{
    /// <summary>Records what the authorization pays for; a refusal means it must not be taken.</summary>
    private async Task<Refusal?> Credit(SettlementItem item)
    {
        if (item.PaysInvoice)
        {
            var held = await GrainFactory.InvoiceBook(item.TenantId).HoldPayment(item.InvoiceId!, new InvoicePayment(
                item.Nonce, _target.Network, item.From, Domain.Money.NanoDollars.FromUsdcAtomicUnits(item.Value), item.AcceptedAt));
            item.InvoiceHeld = held.Refusal is null;
            return held.Refusal;
        }
        var reply = await GrainFactory.Wallet(item.TenantId, item.WalletId).CreditTopUp(
            new GrantCredits(SettlementQueue.CreditKey(_target.Network, item.Nonce), SettlementQueue.CreditTerms(item).ToContract(),
                new Attribution(Payer: item.From, Network: _target.Network)));
        if (reply.Receipt is { } receipt) item.Grant = receipt.Grant;
        return reply.Refusal;
    }

    private async Task Settle(SettlementItem item, SettlementReceipt receipt)
    {
        if (!item.IsCredited) await Credit(item);
        if (item.PaysInvoice)
        {
            if (item.InvoiceHeld)
                Check(item, await GrainFactory.InvoiceBook(item.TenantId).PaymentSettled(item.InvoiceId!, item.Nonce, receipt.TransactionHash));
        }
        else if (item.Grant is not null)
            await GrainFactory.Wallet(item.TenantId, item.WalletId).ConfirmTopUp(new ConfirmTopUp(SettlementQueue.SettledKey(item.PaymentKey), item.Grant, receipt.TransactionHash));
        Notify(Queue.Settled(item, receipt));
    }

    private async Task FailAll(IReadOnlyList<SettlementItem> items, string reason)
    {
        foreach (var item in items) await Fail(item, reason, null, null);
    }

    private async Task Fail(SettlementItem item, string reason, string? transactionHash, long? blockNumber)
    {
        reason = SettlementQueue.Bounded(reason);
        if (item.PaysInvoice)
        {
            // Never held, nothing to release; held, the invoice is open to be paid again.
            if (item.InvoiceHeld) Check(item, await GrainFactory.InvoiceBook(item.TenantId).PaymentFailed(item.InvoiceId!, item.Nonce));
        }
        else
        {
            if (item.Grant is null) await Credit(item);
            if (item.Grant is not null)
                await GrainFactory.Wallet(item.TenantId, item.WalletId).ReverseTopUp(new ReverseTopUp(SettlementQueue.FailedKey(item.PaymentKey), item.Grant, reason));
            if (item.IsPull) await DisableRuleAfterFailedPull(item, reason);
        }
        LogFailed(logger, item.Nonce, reason);
        Notify(Queue.Failed(item, reason, transactionHash, blockNumber));
    }

    private void Check(SettlementItem item, Reply<Invoice> reply)
    {
        if (reply.Refusal is { } refused) LogInvoiceRefused(logger, item.InvoiceId!, item.Nonce, refused.Message);
    }
}

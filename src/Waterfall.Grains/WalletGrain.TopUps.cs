using Waterfall.Contracts;

namespace Waterfall.Grains;

public sealed partial class WalletGrain
{
    /// <summary>The settlement grain's credit for a verified x402 payment: the only way a grant gets that source.</summary>
    public Task<Reply<GrantReceipt>> CreditTopUp(GrantCredits command) =>
        Handle(command.ToDomain(), static (w, c, now) => w.CreditTopUp(c, now), static r => r.ToContract());
}

using System.Text.Json;
using CsCheck;
using Waterfall.Domain.Events;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Wallets;

namespace Waterfall.Domain.Tests.Events;

public class GrantExpiringProperties
{
    private static readonly TimeSpan Lead = TimeSpan.FromDays(3);

    private enum Op { Grant, Debit, Authorize, Advance }

    private static readonly Gen<(Op Op, long Amount, int Hours)> Step =
        Gen.Select(Gen.Enum<Op>(), Gen.Long[1, 30_000], Gen.Int[1, 24 * 12]);

    [Fact]
    public void A_grant_is_announced_as_expiring_at_most_once_never_after_its_expiry_and_never_once_used_up()
    {
        Step.Array[1, 50].Sample(steps =>
        {
            var kit = new AnnouncingKit(null, WalletOptions.Default with { GrantExpiringLeadTime = Lead });
            var expiries = new Dictionary<string, DateTimeOffset>();
            foreach (var (op, amount, hours) in steps)
            {
                // What each grant had left just before this step (used-up grants are not listed): a notice names only credit still there.
                var remainingBefore = kit.Kit.Wallet.Grants.ToDictionary(g => g.Id.Value, g => g.Remaining);
                var announced = op switch
                {
                    Op.Grant => kit.Step(k => k.Record(k.Wallet.GrantCredits(new GrantCredits(k.NextKey(),
                        Wallets.WalletTestKit.Terms(GrantKind.Promotional, amount, expiresAt: k.Now.AddHours(hours))), k.Now))),
                    Op.Debit => kit.Step(k => k.Debit(amount)),
                    Op.Authorize => kit.Step(k => k.Authorize(amount, TimeSpan.FromHours(hours))),
                    _ => Advance(kit, hours),
                };
                foreach (var g in kit.Kit.Wallet.Grants)
                    if (g.ExpiresAt is { } at) expiries.TryAdd(g.Id.Value, at);
                foreach (var notice in announced.Where(a => a.Type == EventTypes.GrantExpiring))
                {
                    var data = JsonDocument.Parse(notice.Payload).RootElement;
                    var grant = data.GetProperty("grant_id").GetString()!;
                    var expiring = long.Parse(data.GetProperty("expiring").GetProperty("value").GetString()!);
                    // Never after (or at) the expiry, never for a grant used up, and never early.
                    if (kit.Kit.Now >= expiries[grant] || notice.At >= expiries[grant]) return false;
                    if (notice.At < expiries[grant] - Lead) return false;
                    if (expiring <= 0 || !remainingBefore.TryGetValue(grant, out var before) || before < expiring) return false;
                }
            }
            // Once per grant, however often the wallet ticked.
            var noticed = kit.Announced.Where(a => a.Type == EventTypes.GrantExpiring)
                .Select(a => JsonDocument.Parse(a.Payload).RootElement.GetProperty("grant_id").GetString()).ToList();
            return noticed.Distinct().Count() == noticed.Count;
        });
    }

    private static IReadOnlyList<Announcement> Advance(AnnouncingKit kit, int hours)
    {
        kit.Kit.Now = kit.Kit.Now.AddHours(hours);
        return kit.Tick();
    }
}

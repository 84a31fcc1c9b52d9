using CsCheck;
using Waterfall.Domain.Ledger;
using Waterfall.Domain.Money;

namespace Waterfall.Domain.Tests.Ledger;

public class ChartOfAccountsTests
{
    [Fact]
    public void Every_account_type_is_in_the_chart_once_with_a_code_of_its_own()
    {
        Assert.Equal(Enum.GetValues<AccountType>().Order(), ChartOfAccounts.All.Select(a => a.Type).Order());
        Assert.Equal(ChartOfAccounts.All.Count, ChartOfAccounts.All.Select(a => a.Code).Distinct().Count());
    }

    [Fact]
    public void Money_accounts_are_in_usd_and_unit_credit_lives_in_memo_accounts()
    {
        foreach (var account in ChartOfAccounts.All.Where(a => a.Class != AccountClass.Memo && a.Type != AccountType.PromotionExpense))
            Assert.Equal(UnitRule.UsdOnly, account.Units);
        foreach (var account in ChartOfAccounts.All.Where(a => a.Units != UnitRule.UsdOnly && a.Type != AccountType.PromotionExpense))
            Assert.Equal(AccountClass.Memo, account.Class);
    }

    [Fact]
    public void An_accounts_code_formatted_in_place_is_its_code() =>
        Gen.Select(Gen.Enum<AccountType>(), Gen.String[Gen.Char.AlphaNumeric, 1, 64], Gen.Int[0, 200])
            .Sample((type, walletId, room) =>
            {
                var account = new LedgerAccount(type, walletId);
                Span<char> destination = stackalloc char[room];
                var fits = account.TryFormatCode(destination, out var written);
                return fits == account.Code.Length <= room && (!fits || destination[..written].SequenceEqual(account.Code));
            });

    [Fact]
    public void The_wallets_accounts_carry_its_id_and_the_tenants_do_not()
    {
        Assert.Equal("wallet:w1:available", LedgerAccount.Available("w1").Code);
        Assert.Equal("wallet:w1:promotional_held", LedgerAccount.PromotionalHeldBy("w1").Code);
        Assert.Equal("wallet:w1:unit_value", LedgerAccount.UnitValue("w1").Code);
        Assert.Equal("revenue", LedgerAccount.Revenue.Code);
        Assert.Equal("promotional_usage", LedgerAccount.PromotionalUsage.Code);
        Assert.Equal(AccountClass.Liability, LedgerAccount.Available("w1").Class);
        Assert.Equal(AccountClass.Memo, LedgerAccount.Promotional("w1").Class);
    }

    [Fact]
    public void Deferred_unit_value_is_a_liability_but_not_part_of_the_wallets_balance()
    {
        Assert.False(LedgerAccount.UnitValue("w1").IsWallet);
        Assert.True(LedgerAccount.Units("w1").IsWallet);
        Assert.True(ChartOfAccounts.Of(AccountType.WalletUnitValue).Allows(CreditUnit.Usd));
        Assert.False(ChartOfAccounts.Of(AccountType.WalletUnits).Allows(CreditUnit.Usd));
    }
}

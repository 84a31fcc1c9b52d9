using Microsoft.Extensions.DependencyInjection;

namespace Waterfall.Ledger;

public static class LedgerServiceCollectionExtensions
{
    /// <summary>Keeps every wallet's journal in this process: for tests and the TestingHost, never for data that matters.</summary>
    public static IServiceCollection AddInMemoryWalletJournal(this IServiceCollection services, InMemoryWalletJournal? journal = null) =>
        services.AddSingleton<IWalletJournal>(journal ?? new InMemoryWalletJournal());
}

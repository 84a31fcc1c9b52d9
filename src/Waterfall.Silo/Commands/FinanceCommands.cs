using System.Globalization;
using System.Text.Json;
using Waterfall.Domain.Ledger;
using Waterfall.Finance;
using Waterfall.Finance.Journal;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.Storage.Sqlite;

namespace Waterfall.Silo.Commands;

/// <summary>
/// Finance exports from the configured store, without a running silo (or beside one: they only read):
/// <c>export journal</c> streams a period's journal as CSV or JSON Lines, <c>export trial-balance</c>
/// prints a period's trial balance.
/// </summary>
internal static class FinanceCommands
{
    public const string Usage = """
        export journal --tenant <id> --from <date> --to <date> [--time-zone <IANA name>] [--format csv|json] [--output <file>]
            Every posting of the tenant's transactions in [from, to), streamed to the file or standard output.
        export trial-balance --tenant <id> --from <date> --to <date> [--time-zone <IANA name>]
            Per account and unit: opening balance, debits, credits, closing balance; and the total per unit (zero when the books balance).
        export kpis --tenant <id> --from <date> --to <date> [--time-zone <IANA name>] [--top <n>] [--trailing-days <n>]
            Finance's KPIs of the period as JSON (the document GET /v1/finance/kpis answers).
        Dates are ISO 8601 (2026-01-01, or 2026-01-01T00:00:00Z); without an offset they are read in --time-zone (default UTC).
        """;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["export", "journal", .. var rest] => await JournalAsync(new CommandLine(rest), configuration, output),
                ["export", "trial-balance", .. var rest] => await TrialBalanceAsync(new CommandLine(rest), configuration, output),
                ["export", "kpis", .. var rest] => await KpisAsync(new CommandLine(rest), configuration, output),
                _ => throw new CommandLineException("Unknown command."),
            };
        }
        catch (CommandLineException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync(Usage);
            return 2;
        }
        catch (SiloStartupException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> JournalAsync(CommandLine line, IConfiguration configuration, TextWriter output)
    {
        var tenant = line.Required("tenant", "the tenant whose books to export");
        var period = Period(line);
        var format = JournalFormat.Named(line.Optional("format")) ?? throw new CommandLineException("--format must be csv or json.");
        var (reader, dispose) = Reader(configuration);
        await using var _ = dispose;
        var path = line.Optional("output");
        await output.FlushAsync();
        await using var stream = path is null ? Console.OpenStandardOutput() : File.Create(path);
        var rows = await JournalExport.WriteAsync(new FinanceQueries(reader).JournalAsync(tenant, period), format, stream, CancellationToken.None);
        if (path is not null) await output.WriteLineAsync($"{rows} journal lines written to {path}.");
        return 0;
    }

    private static async Task<int> TrialBalanceAsync(CommandLine line, IConfiguration configuration, TextWriter output)
    {
        var tenant = line.Required("tenant", "the tenant whose books to balance");
        var period = Period(line);
        var (reader, dispose) = Reader(configuration);
        await using var _ = dispose;
        var balance = await new FinanceQueries(reader).TrialBalanceAsync(tenant, period);
        await output.WriteLineAsync($"Trial balance of {tenant}, {JournalCsv.Date(period.From)} to {JournalCsv.Date(period.To)} (amounts in the unit: usd in dollars)");
        await output.WriteLineAsync($"{"account",-36} {"unit",-8} {"opening",22} {"debits",22} {"credits",22} {"closing",22}");
        foreach (var r in balance.Rows())
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{r.Account,-36} {r.Unit.Code,-8} {Q(r.Opening, r.Unit),22} {Q(r.Debits, r.Unit),22} {Q(r.Credits, r.Unit),22} {Q(r.Closing, r.Unit),22}"));
        foreach (var total in balance.Totals())
            await output.WriteLineAsync($"{"total",-36} {total.Unit.Code,-8} {"",22} {"",22} {"",22} {Q(total.Value, total.Unit),22}");
        return 0;
    }

    private static async Task<int> KpisAsync(CommandLine line, IConfiguration configuration, TextWriter output)
    {
        var tenant = line.Required("tenant", "the tenant whose KPIs to compute");
        var period = Period(line);
        var violations = KpiQuery.TryRead(line.Optional("top"), line.Optional("trailing-days"), out var query);
        if (violations.Count > 0) throw new CommandLineException(string.Join(Environment.NewLine, violations.Select(v => $"--{v.Field.Replace('_', '-')} {v.Description}.")));
        var (reader, dispose) = Reader(configuration);
        await using var _ = dispose;
        var report = await new FinanceQueries(reader).KpisAsync(tenant, period, query);
        await output.WriteLineAsync(JsonSerializer.Serialize(KpiWire.ToJson(report), Indented));
        return 0;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Q(long value, Domain.Money.CreditUnit unit) => JournalCsv.Amount(value, unit);

    private static FinancePeriod Period(CommandLine line)
    {
        var violations = FinancePeriod.TryRead(line.Required("from", "the period's first day or instant"), line.Required("to", "the instant after the period"),
            line.Optional("time-zone"), out var period);
        if (violations.Count > 0) throw new CommandLineException(string.Join(Environment.NewLine, violations.Select(v => $"--{v.Field.Replace('_', '-')} {v.Description}.")));
        return period;
    }

    /// <summary>A reader over the configured store; the memory store keeps nothing a command could read.</summary>
    private static (ILedgerReader Reader, IAsyncDisposable Dispose) Reader(IConfiguration configuration)
    {
        var store = StoreConfiguration.Read(configuration);
        if (store.IsEmbedded)
        {
            var options = configuration.GetSection(SqliteLedgerOptions.Section).Get<SqliteLedgerOptions>() ?? new SqliteLedgerOptions();
            if (!File.Exists(options.Path)) throw new SiloStartupException($"There is no ledger at {options.Path} yet: run the silo first (or set {SqliteLedgerOptions.Section}:Path).");
            return (new SqliteLedgerReader(options.Path), new Nothing());
        }
        if (store.IsPostgres)
        {
            var source = PostgresLedgerStore.CreateDataSource(store.Postgres.Resolve(configuration));
            return (new PostgresLedgerReader(source), source);
        }
        throw new SiloStartupException($"{StoreOptions.Section}:Kind is '{store.Kind}': only the embedded and postgres stores keep a ledger to export.");
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }
    }
}

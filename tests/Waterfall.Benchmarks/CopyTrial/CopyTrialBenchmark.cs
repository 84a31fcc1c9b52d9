using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Waterfall.Domain.Charges;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Ledger;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.Benchmarks.CopyTrial;

/// <summary>
/// <c>tests/bench --copy-trial</c>: the shipped batch statement against binary <c>COPY</c> (<see cref="CopyLedgerWriter"/>),
/// on the same throwaway PostgreSQL, each into its own migrated database, the same batches of one debit per wallet over
/// 10,000 wallets (as <c>DebitBatch</c> of 1,000 makes them), alternating which goes first. Prints the flush time per
/// batch and the client's CPU per row; then checks that both databases hold the same rows and that both refuse a stale append.
/// </summary>
public static class CopyTrialBenchmark
{
    private const int Wallets = 10_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        await using var postgres = await PostgresServer.StartAsync(BenchPostgres.Options(options));
        var statementDatabase = await postgres.CreateDatabaseAsync("trial_statement");
        var copyDatabase = await postgres.CreateDatabaseAsync("trial_copy");
        await new PostgresMigrator().MigrateAsync(statementDatabase);
        await new PostgresMigrator().MigrateAsync(copyDatabase);
        await using var statementSource = PostgresLedgerStore.CreateDataSource(statementDatabase);
        await using var copySource = PostgresLedgerStore.CreateDataSource(copyDatabase);
        var statement = new PostgresLedgerStore(statementSource);
        var copy = new CopyLedgerWriter(copySource);
        var writers = new[] { new Writer("statement", b => statement.WriteAsync(b, CancellationToken.None)), new Writer("copy", b => copy.WriteAsync(b, CancellationToken.None)) };

        var wallets = Enumerable.Range(0, Wallets).Select(i => new Wallet(new WalletKey("trial", $"w{i:D5}"))).ToArray();
        var opened = wallets.Select(Open).ToList();
        foreach (var chunk in opened.Chunk(1_000))
            foreach (var writer in writers) await writer.Write(chunk);

        Console.WriteLine(string.Create(c, $"Binary COPY against the shipped statement: {Wallets:N0} wallets, one debit per wallet per batch, {options.CopyBatches} batches per size and writer, alternating"));
        Console.WriteLine("| rows per batch | writer | flush p50 ms | p90 ms | max ms | rows/s at p50 | client CPU µs per row |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        var next = 0;
        var debits = 0L;
        foreach (var size in options.CopyBatchSizes)
        {
            foreach (var writer in writers) writer.Reset();
            for (var b = -2; b < options.CopyBatches; b++) // two unmeasured batches per size first
            {
                var batch = new List<JournalAppend>(size);
                for (var i = 0; i < size; i++, next = (next + 1) % Wallets)
                    batch.Add(Debit(wallets[next], $"d{++debits}"));
                foreach (var writer in b % 2 == 0 ? writers : writers.Reverse())
                {
                    var cpuBefore = Environment.CpuUsage.TotalTime;
                    var started = Stopwatch.GetTimestamp();
                    var refused = await writer.Write(batch);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (refused.Count > 0) throw new InvalidOperationException($"{writer.Name} refused {refused.Count} appends of a batch that continues every wallet.");
                    if (b < 0) continue;
                    writer.Times.Add(elapsed.TotalMilliseconds);
                    writer.Cpu += Environment.CpuUsage.TotalTime - cpuBefore;
                }
            }
            foreach (var writer in writers)
            {
                var t = writer.Times.Order().ToList();
                double P(double q) => t[Math.Min(t.Count - 1, (int)Math.Ceiling(q * t.Count) - 1)];
                Console.WriteLine(string.Create(c,
                    $"| {size:N0} | {writer.Name} | {P(0.5):F2} | {P(0.9):F2} | {t[^1]:F2} | {size / P(0.5) * 1000:N0} | {writer.Cpu.TotalMicroseconds / (size * t.Count):F1} |"));
            }
        }

        // The same rows in both, and the fencing check in both: an append that does not continue its wallet writes nothing.
        var stale = Open(new Wallet(wallets[0].Key)); // a second activation that never saw the wallet's writes: sequence 1 again
        var statementRefused = (await writers[0].Write([stale])).Count == 1;
        var copyRefused = (await writers[1].Write([stale])).Count == 1;
        var statementRows = await CountAsync(statementSource);
        var copyRows = await CountAsync(copySource);
        var agree = statementRows == copyRows && statementRefused && copyRefused;
        Console.WriteLine(string.Create(c, $"rows: statement {statementRows}, copy {copyRows}; stale append refused: statement {statementRefused}, copy {copyRefused} -> {(agree ? "agree" : "DISAGREE")}"));
        return agree ? 0 : 1;
    }

    /// <summary>One way to write a batch, and what one batch size measured of it.</summary>
    private sealed record Writer(string Name, Func<IReadOnlyList<JournalAppend>, Task<IReadOnlySet<int>>> Write)
    {
        public List<double> Times { get; } = [];
        public TimeSpan Cpu { get; set; }

        public void Reset()
        {
            Times.Clear();
            Cpu = TimeSpan.Zero;
        }
    }

    private static JournalAppend Open(Wallet wallet)
    {
        var entries = new List<JournalEntry>();
        Take(entries, wallet.Open(new OpenWallet("open", WalletSettings.Default), Now));
        Take(entries, wallet.GrantCredits(new GrantCredits("grant", new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000_000_000), 30, null, null, GrantScope.Any, GrantSource.Operator, 1m)), Now));
        return new JournalAppend(wallet.Key, entries);
    }

    private static JournalAppend Debit(Wallet wallet, string key)
    {
        var entries = new List<JournalEntry>();
        Take(entries, wallet.Debit(new DebitWallet(key, new AmountCharge(Amount.Usd(1_000), default)), Now));
        return new JournalAppend(wallet.Key, entries);
    }

    private static void Take<T>(List<JournalEntry> entries, Outcome<T> outcome) where T : Receipt
    {
        if (!outcome.IsAccepted) throw new InvalidOperationException(outcome.ToString());
        foreach (var e in outcome.Events) entries.Add(new JournalEntry(e, outcome.Receipt));
    }

    private static async Task<string> CountAsync(NpgsqlDataSource source)
    {
        // Counts and a digest of every row's content, in key order: equal only if both writers stored the same values.
        await using var command = source.CreateCommand("""
            SELECT (SELECT count(*) FROM ledger_transactions) || ' transactions, ' || (SELECT count(*) FROM idempotency_keys) || ' keys, digest '
                || (SELECT md5(string_agg(concat_ws('|', tenant_id, wallet_id, seq, kind, at, idempotency_key, event, postings, encode(event_compact, 'hex')),
                        ',' ORDER BY tenant_id, wallet_id, seq)) FROM ledger_transactions)
                || ' / ' || (SELECT md5(string_agg(concat_ws('|', tenant_id, wallet_id, operation, key, fingerprint, seq, receipt, recorded_at, encode(receipt_compact, 'hex')),
                        ',' ORDER BY tenant_id, wallet_id, operation, key)) FROM idempotency_keys)
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}

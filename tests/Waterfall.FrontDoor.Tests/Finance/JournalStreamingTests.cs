using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Waterfall.Domain.Grants;
using Waterfall.Domain.Money;
using Waterfall.Domain.Wallets;
using Waterfall.Finance;
using Waterfall.Finance.Journal;
using Waterfall.Ledger.Serialization;
using Waterfall.Storage.Sqlite;
using Xunit.Abstractions;

namespace Waterfall.FrontDoor.Tests.Finance;

/// <summary>
/// A period of a million journal lines streams from a real SQLite file to its CSV in bounded memory.
/// Rows are inserted in bulk straight into the table (the write path is not what is measured); the
/// test prints what the export allocated and the most it held, and asserts only that every line came out.
/// </summary>
public sealed class JournalStreamingTests(ITestOutputHelper output) : IDisposable
{
    private const int Transactions = 500_000; // two postings each: a million journal lines
    private const int Wallets = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"waterfall-million-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_million_line_export_streams_every_line_in_bounded_memory()
    {
        var path = Path.Combine(_directory, "ledger.db");
        new SqliteLedgerStore(new SqliteLedgerOptions { Path = path, Synchronous = "NORMAL" }).Dispose(); // the schema
        var inserting = Stopwatch.StartNew();
        BulkInsert(path);
        output.WriteLine($"inserted {Transactions:N0} transactions in {inserting.Elapsed.TotalSeconds:F1} s");

        var queries = new FinanceQueries(new SqliteLedgerReader(path));
        var period = new FinancePeriod(Start, Start.AddDays(30));
        var sink = new CountingStream();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var exporting = Stopwatch.StartNew();

        var rows = await JournalExport.WriteAsync(queries.JournalAsync("t1", period), JournalFormat.Csv, sink, CancellationToken.None);

        exporting.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"exported {rows:N0} lines, {sink.Bytes / 1_048_576.0:F1} MB of CSV in {exporting.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"allocated {allocated / 1_048_576.0:F0} MB in all ({allocated / (double)rows:F0} B per line); " +
            $"managed heap peaked {(sink.PeakHeap - baseline) / 1_048_576.0:F1} MB above the {baseline / 1_048_576.0:F1} MB before the export; " +
            $"gen2 collections {GC.CollectionCount(2)}");
        Assert.Equal(1_000_000, rows);
        Assert.Equal(1_000_001, sink.Lines); // and the header
    }

    private static void BulkInsert(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var fast = connection.CreateCommand())
        {
            // A throwaway file: no log to write twice, no syncs.
            fast.CommandText = "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;";
            fast.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO ledger_transactions (tenant_id, wallet_id, seq, kind, at, idempotency_key, event, postings)
            VALUES ('t1', $w, $seq, 'CreditsGranted', $at, $key, $event, '[]')
            """;
        var wallet = insert.Parameters.Add("$w", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var json = insert.Parameters.Add("$event", SqliteType.Text);
        insert.Prepare();
        var terms = new GrantTerms(GrantKind.Purchased, Amount.Usd(1_000_000), 30, null, null, GrantScope.Any, GrantSource.Operator, 1m);
        // One real event's JSON with its sequence, time and key filled in per row: serializing half a million events would be most of the set-up.
        var template = LedgerJson.Serialize(new CreditsGranted(424242, Start, "KEY", "f", terms, null));
        const string StartJson = "\"2026-01-01T00:00:00+00:00\"";
        Assert.Contains(StartJson, template, StringComparison.Ordinal);
        for (var i = 0; i < Transactions; i++)
        {
            var sequence = i / Wallets + 1;
            var when = Start.AddSeconds(i).UtcDateTime;
            wallet.Value = $"w{i % Wallets:D4}";
            seq.Value = sequence;
            at.Value = when.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            key.Value = $"k{i}";
            json.Value = template.Replace("424242", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("\"KEY\"", $"\"k{i}\"", StringComparison.Ordinal)
                .Replace(StartJson, when.ToString("'\"'yyyy-MM-dd'T'HH:mm:ss'+00:00\"'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Counts what the export writes and keeps nothing; samples the managed heap at every chunk.</summary>
    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }
        public long Lines { get; private set; }
        public long PeakHeap { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Bytes += buffer.Length;
            Lines += buffer.Count((byte)'\n');
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(false));
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

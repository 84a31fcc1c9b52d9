using Microsoft.Data.Sqlite;

namespace Waterfall.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database off the writer, and keeps the log from growing without end.
/// </summary>
/// <remarks>
/// SQLite starts the log over from its beginning only when a write begins after a checkpoint has copied <em>every</em>
/// frame. A background checkpoint under a steady stream of commits always ends with newer frames behind it, so the log
/// only grew: 1.3 GB in 28 s at 11,000 debits/s (docs/performance.md, "The write-ahead log that never started over"), with
/// the disk, the page cache, every read's frame lookup and the next start-up's recovery paying for it. A restarting
/// checkpoint from the background would hold the writer back for as long as it waits and copies. So the background
/// connection does the bulk of the copying, passively, and when it finds the log past its restart threshold (<see cref="DefaultRestartBytes"/> unless configured) it copies
/// again at once until little is left, then asks the writer to finish the job between two batches (<see cref="CatchUp"/>):
/// the writer, the only one appending, copies the frames written since that last short round, and its next commit starts the log over,
/// writing over pages the file already has. The log's file is cut back to the threshold when it restarts.
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>How often the background connection copies the log: often enough that the writer has little left.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A log past this is started over.</summary>
    public const long DefaultRestartBytes = 64L * 1024 * 1024;

    private const int WalFrameHeaderBytes = 24;

    private readonly Func<SqliteConnection> _open;
    private readonly long _restartBytes;
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stopping = new();
    private volatile bool _catchUpWanted;
    private long _pageSize;

    public WalCheckpointer(Func<SqliteConnection> open, TimeSpan interval, long restartBytes)
    {
        _open = open;
        _interval = interval;
        _restartBytes = restartBytes;
        // Its own thread: a thread pool busy with requests must not delay the checkpoints and let the log run on.
        _thread = new Thread(Loop) { IsBackground = true, Name = "SQLite checkpoints" };
        _thread.Start();
    }

    /// <summary>Times the writer copied the whole log, so that its next commit started it over.</summary>
    public int CatchUps { get; private set; }

    /// <summary>The pragma that caps the log file's size when it is reset: run on the writer's connection.</summary>
    public string JournalSizeLimitPragma => $"PRAGMA journal_size_limit={_restartBytes};";

    /// <summary>
    /// Run by the writer before it begins a batch: if the log is due to start over, copies what the background has not,
    /// so that the batch's commit starts it over. A reader still on an older part of the log may keep it from finishing;
    /// then the next batch tries again.
    /// </summary>
    public void CatchUp(SqliteConnection writer)
    {
        if (!_catchUpWanted) return;
        (bool Busy, long LogFrames, long Checkpointed) result;
        try
        {
            result = Checkpoint(writer);
        }
        catch (SqliteException)
        {
            // The batch may still be written; the next one tries again.
            return;
        }
        if (result.Busy || result.Checkpointed < result.LogFrames) return;
        _catchUpWanted = false;
        CatchUps++;
    }

    private void Loop()
    {
        var pause = _interval;
        var rounds = 0;
        while (!_stopping.Wait(pause))
        {
            pause = _interval;
            // Left to the writer until it has caught up: two checkpointers at once would leave each other busy.
            if (_catchUpWanted) continue;
            try
            {
                using var connection = _open();
                var (_, logFrames, checkpointed) = Checkpoint(connection);
                if (_pageSize == 0) _pageSize = PageSize(connection);
                var frameBytes = _pageSize + WalFrameHeaderBytes;
                if (logFrames * frameBytes < _restartBytes) continue;
                // Due to start over. What the writer copies holds its next batch back, so the background first copies
                // again, at once, until all that is left is what arrived during its last, short, round — or, if the
                // writes outpace it, hands over after a few rounds rather than let the log run on.
                if ((logFrames - checkpointed) * frameBytes <= HandOverBytes || ++rounds >= MaxRoundsBeforeHandOver)
                {
                    _catchUpWanted = true;
                    rounds = 0;
                }
                else pause = TimeSpan.Zero;
            }
            catch (SqliteException)
            {
                // A busy database just means the next round checkpoints instead.
            }
        }
    }

    /// <summary>The most log the writer is left to copy when it starts the log over: a few milliseconds' worth.</summary>
    private long HandOverBytes => Math.Max(_restartBytes / 256, 64 * 1024);

    private const int MaxRoundsBeforeHandOver = 8;

    /// <summary>One passive checkpoint (it never waits for readers or the writer): whether another checkpoint was running, the frames in the log, the frames copied.</summary>
    private static (bool Busy, long LogFrames, long Checkpointed) Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
    }

    private static long PageSize(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _stopping.Set();
        _thread.Join();
        _stopping.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Waterfall.TestSupport;

/// <summary>
/// Loopback ports for servers a test starts, unique across every test process on the machine.
/// Asking the kernel for port 0 and releasing it is a race: test projects run in parallel, and
/// the kernel hands the same ephemeral port to another process's listener or to an outbound
/// connection before our server binds it. So ports come from below the ephemeral range
/// (Linux: 32768–60999), where outbound connections never land, and each one is claimed with an
/// exclusive lock file held for the life of the test process (the OS drops it when the process
/// dies, so a crashed run leaves nothing claimed).
/// </summary>
public static class TestPorts
{
    private const int First = 20_000;
    private const int Count = 12_000;
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "waterfall-test-ports");
    private static readonly ConcurrentDictionary<int, FileStream> Claimed = new();

    /// <summary>A port no other test (in this process or another) has claimed, free to bind right now.</summary>
    public static int Next()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var start = Random.Shared.Next(Count);
        for (var i = 0; i < Count; i++)
        {
            var port = First + (start + i) % Count;
            if (Claimed.ContainsKey(port) || !TryLock(port, out var claim)) continue;
            if (!IsFree(port) || !Claimed.TryAdd(port, claim))
            {
                claim.Dispose();
                continue;
            }
            return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    /// <summary>A port nobody listens on, for tests that want a refused connection.</summary>
    public static int Unused() => Next();

    private static bool TryLock(int port, out FileStream claim)
    {
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second opener, in any process, fails.
            claim = new FileStream(Path.Combine(Directory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            claim = null!;
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            claim = null!;
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

using Microsoft.Diagnostics.Runtime;

// Who keeps a dead object in an older generation? Reads a full heap dump (dotnet-dump collect --type Heap), marks
// what is reachable from the roots, and for the dead objects of the types named in an older generation prints what
// refers to them, live or dead: an object that survived a gen-0 collection only because a dead object of an older
// generation pointed at it (the older generation is not traced by a gen-0 collection) shows up here, and an object
// with no referrer at all was simply alive when it was promoted (in flight). docs/performance.md, "Who keeps a debit".
//   dotnet run -c Release --project docs/perf/heap_referrers -- DUMP [TYPE-SUBSTRING ...]
// With no type named: every type of the dead objects in gen 1 (what recent gen-0 collections promoted and no longer needed).
using var target = DataTarget.LoadDump(args[0]);
var clr = target.ClrVersions[0];
// The DAC is not downloaded on Linux: take the one this tool runs on (run it on the machine, and runtime, of the dump; a heap-only dump does not carry the version for ClrMD to check).
var dac = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so");
using var runtime = File.Exists(dac) ? clr.CreateRuntime(dac, ignoreMismatch: true) : clr.CreateRuntime();
var heap = runtime.Heap;
string[] wanted = args[1..];

var live = new HashSet<ulong>();
var stack = new Stack<ulong>();
foreach (var root in heap.EnumerateRoots()) if (root.Object.Address != 0 && live.Add(root.Object.Address)) stack.Push(root.Object.Address);
while (stack.Count > 0)
{
    var obj = heap.GetObject(stack.Pop());
    if (!obj.IsValid) continue;
    foreach (var child in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
        if (child != 0 && live.Add(child)) stack.Push(child);
}

Generation Gen(ulong address) => heap.GetSegmentByAddress(address)?.GetGeneration(address) ?? Generation.Unknown;
var census = new Dictionary<(string Type, Generation Gen, bool Live), int>();
var targets = new HashSet<ulong>();
foreach (var obj in heap.EnumerateObjects())
{
    var name = obj.Type?.Name;
    if (name is null) continue;
    if (wanted.Length == 0)
    {
        if (Gen(obj.Address) == Generation.Generation1 && !live.Contains(obj.Address))
        {
            census[(name, Generation.Generation1, false)] = census.GetValueOrDefault((name, Generation.Generation1, false)) + 1;
            targets.Add(obj.Address);
        }
        continue;
    }
    if (!wanted.Any(w => name.Contains(w, StringComparison.Ordinal))) continue;
    var gen = Gen(obj.Address); var isLive = live.Contains(obj.Address);
    census[(name, gen, isLive)] = census.GetValueOrDefault((name, gen, isLive)) + 1;
    if (!isLive && gen is Generation.Generation1 or Generation.Generation2) targets.Add(obj.Address);
}
Console.WriteLine($"{live.Count:N0} live objects; the types named, by generation:");
foreach (var ((type, gen, isLive), n) in wanted.Length == 0 ? census.OrderByDescending(c => c.Value).Take(40) : census.OrderBy(c => c.Key.Type).ThenBy(c => c.Key.Gen).ThenBy(c => c.Key.Live))
    Console.WriteLine($"  {n,8:N0}  {gen,-12} {(isLive ? "live" : "dead"),-5} {type}");

// Referrers of the dead ones in gen 1/2, from every object on the heap (dead or alive).
var referrers = new Dictionary<string, int>();
var referred = new HashSet<ulong>();
foreach (var obj in heap.EnumerateObjects())
{
    // Unnamed: only what an older generation points at, the start of each promoted graph.
    if (wanted.Length == 0 && Gen(obj.Address) is Generation.Generation0 or Generation.Generation1) continue;
    foreach (var child in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: false))
    {
        if (!targets.Contains(child)) continue;
        referred.Add(child);
        var key = $"{Gen(obj.Address),-12} {(live.Contains(obj.Address) ? "live" : "dead"),-5} {obj.Type?.Name} -> {heap.GetObjectType(child)?.Name}";
        referrers[key] = referrers.GetValueOrDefault(key) + 1;
    }
}
Console.WriteLine($"dead in gen 1/2: {targets.Count:N0}, of them referred to by another object: {referred.Count:N0}; referrers:");
foreach (var (key, n) in referrers.OrderByDescending(r => r.Value).Take(60)) Console.WriteLine($"  {n,8:N0}  {key}");

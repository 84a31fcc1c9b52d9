using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Reads a gc-verbose EventPipe trace and charges its allocation ticks to layers (the first frame from the leaf whose
// assembly names one), types and sites; docs/performance.md, "Where the rest is allocated, per layer".
//   dotnet-trace collect -p PID --profile gc-verbose --duration 00:00:00:10 -o alloc.nettrace
//   dotnet run -c Release --project docs/perf/alloc_layers -- alloc.nettrace OPERATIONS_IN_THE_WINDOW
var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
double ops = args.Length > 1 ? double.Parse(args[1]) : 1;
var byLayer = new Dictionary<string, double>(); var bySite = new Dictionary<string, double>(); var byType = new Dictionary<string, double>();
double total = 0; int n = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData t) continue;
    double bytes = t.AllocationAmount64; total += bytes; n++;
    var type = t.TypeName ?? "?";
    byType[type] = byType.GetValueOrDefault(type) + bytes;
    var stack = e.CallStack();
    string? layer = null; string site = "?"; string? firstOurs = null;
    var frames = new List<string>();
    for (var s = stack; s is not null; s = s.Caller)
    {
        var m = s.CodeAddress.FullMethodName ?? ""; var mod = s.CodeAddress.ModuleName ?? "";
        frames.Add(mod + "!" + m);
    }
    foreach (var f in frames) { layer = Layer(f); if (layer is not null) { site = f; break; } }
    foreach (var f in frames) if (f.Contains("Waterfall.")) { firstOurs = f; break; }
    layer ??= "other";
    byLayer[layer] = byLayer.GetValueOrDefault(layer) + bytes;
    var key = $"{layer} | {type} | {Short(site)}" + (firstOurs is not null && firstOurs != site ? $" < {Short(firstOurs)}" : "");
    bySite[key] = bySite.GetValueOrDefault(key) + bytes;
}
Console.WriteLine($"{n} ticks, {total / 1048576:N1} MB sampled, {total / ops:N0} B per op over {ops:N0} ops");
foreach (var (k, v) in byLayer.OrderByDescending(x => x.Value)) Console.WriteLine($"| {k} | {100 * v / total:N1} % | {v / ops:N0} |");
Console.WriteLine("--- types"); foreach (var (k, v) in byType.OrderByDescending(x => x.Value).Take(15)) Console.WriteLine($"{100 * v / total,5:N1} %  {v / ops,7:N0} B/op  {k}");
Console.WriteLine("--- sites"); foreach (var (k, v) in bySite.OrderByDescending(x => x.Value).Take(45)) Console.WriteLine($"{100 * v / total,5:N1} %  {v / ops,7:N0} B/op  {k}");

static string Short(string f) { var i = f.IndexOf('('); var s = i > 0 ? f[..i] : f; return s.Length > 110 ? s[^110..] : s; }
static string? Layer(string f)
{
    var bang = f.IndexOf('!'); var mod = f[..bang]; var method = f[(bang + 1)..];
    if (method.StartsWith("OrleansCodeGen", StringComparison.Ordinal)) return "serialization";
    var n = mod + "!" + (method.StartsWith("Waterfall.", StringComparison.Ordinal) || method.StartsWith("Orleans.", StringComparison.Ordinal) ? "" : method);
    if (mod.StartsWith("Waterfall.", StringComparison.Ordinal)) n = mod;
    if (n.Contains("Waterfall.Domain")) return "domain";
    if (n.Contains("Waterfall.Grains")) return "grain";
    if (n.Contains("Waterfall.Ledger") || n.Contains("Waterfall.Storage")) return "store";
    if (n.Contains("Waterfall.FrontDoor") || n.Contains("Waterfall.Api") || n.Contains("Waterfall.Contracts")) return "front door";
    if (n.Contains("Orleans.Serialization") || n.Contains("Google.Protobuf")) return "serialization";
    if (n.StartsWith("Orleans.", StringComparison.Ordinal)) return "Orleans messaging/runtime";
    if (n.Contains("OpenTelemetry") || n.Contains("System.Diagnostics.Activity") || n.Contains("DiagnosticSource")) return "telemetry";
    if (n.Contains("Grpc.") || n.Contains("Microsoft.AspNetCore") || n.Contains("System.IO.Pipelines") || n.Contains("System.Net.Http")) return "Kestrel/gRPC";
    if (n.Contains("System.Net.Sockets")) return "sockets";
    if (n.Contains("Microsoft.Data.Sqlite") || n.Contains("SQLitePCL")) return "store";
    return null;
}

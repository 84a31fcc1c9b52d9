using System.Diagnostics;
using Waterfall.Simulation;

// tests/simulate: runs seeds of the simulator (docs/simulation.md).
//   --seeds N      seeds 1..N (default 1000)          --from S   first seed of the range
//   --hours H      seeds one after another for H hours (fractions allowed)
//   --seed S       one seed, with its whole trace printed
//   --steps K      steps per seed (default 400)
//   --plant-twins-answer-from-memory  plants a fixed bug: a wallet's second activation answers refusals from its
//                  memory, as WalletGrain did before it confirmed them against the journal's head
//   --plant-cycle-keeps-memory  plants a fixed bug: the cycle keeps its memory after a failed state write
//   --plant-withdraw-without-outcome  plants a fixed bug: a refused credit withdraws an authorization answered "queued"
//   (docs/simulation.md "What it found")
if (args.Contains("--plant-twins-answer-from-memory"))
{
    SimulatedActivation.AnswersFromMemory = true;
    args = [.. args.Where(a => a != "--plant-twins-answer-from-memory")];
}
if (args.Contains("--plant-cycle-keeps-memory"))
{
    SimulatedCycle.PlantKeepsMemoryAfterFailedTick = true;
    args = [.. args.Where(a => a != "--plant-cycle-keeps-memory")];
}
if (args.Contains("--plant-withdraw-without-outcome"))
{
    SimulatedSettlement.PlantWithdrawWithoutOutcome = true;
    args = [.. args.Where(a => a != "--plant-withdraw-without-outcome")];
}
var options = Arguments.Parse(args);
var clock = Stopwatch.StartNew();
if (options.Seed is { } only)
{
    var simulation = new Simulation(only);
    var result = simulation.Execute(options.Steps);
    foreach (var line in simulation.TraceLines) Console.WriteLine(line);
    Report(result);
    return result.Passed ? 0 : 1;
}

var deadline = options.Hours is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;
var failed = 0;
var ran = 0;
for (var seed = options.From; deadline is { } d ? clock.Elapsed < d : seed < options.From + options.Seeds; seed++)
{
    var result = Simulation.Run(seed, options.Steps);
    ran++;
    if (result.Passed) continue;
    failed++;
    Report(result);
}
Console.WriteLine($"{ran} seeds x {options.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s: {failed} failed");
return failed == 0 ? 0 : 1;

static void Report(SimulationResult result)
{
    Console.WriteLine(result.Passed
        ? $"seed {result.Seed}: passed ({result.Steps} steps, {result.Acknowledged} keys answered, {result.Faults} faults, trace {result.TraceDigest})"
        : $"seed {result.Seed}: FAILED — replay with: tests/simulate --seed {result.Seed}");
    foreach (var v in result.Violations) Console.WriteLine($"  {v}");
}

internal sealed record Arguments(int Seeds, int From, double? Hours, int? Seed, int Steps)
{
    public static Arguments Parse(string[] args)
    {
        var a = new Arguments(1000, 1, null, null, 400);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            a = args[i] switch
            {
                "--seeds" => a with { Seeds = int.Parse(value) },
                "--from" => a with { From = int.Parse(value) },
                "--hours" => a with { Hours = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--seed" => a with { Seed = int.Parse(value) },
                "--steps" => a with { Steps = int.Parse(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}: use --seeds N, --from S, --hours H, --seed S, --steps K"),
            };
            i++;
        }
        return a;
    }
}

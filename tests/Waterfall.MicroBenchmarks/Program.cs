using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter (see README.md).
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

// A benchmark that threw (e.g. a command that was refused instead of accepted) must not pass quietly.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

namespace Waterfall.Silo.Commands;

/// <summary>Just enough argument parsing for the silo's few commands: <c>--name value</c> pairs, repeatable.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                if (!_options.ContainsKey(name)) _options[name] = [];
            }
            else if (name is not null)
            {
                _options[name].Add(arg);
                name = null;
            }
            else
            {
                throw new CommandLineException($"Unexpected argument '{arg}'.");
            }
        }
    }

    public string Required(string name, string what) =>
        Optional(name) ?? throw new CommandLineException($"--{name} is required ({what}).");

    public string? Optional(string name) => _options.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var values) ? values : [];
}

internal sealed class CommandLineException(string message) : Exception(message);

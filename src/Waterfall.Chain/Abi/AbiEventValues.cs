namespace Waterfall.Chain.Abi;

/// <summary>The decoded parameters of one log, in declaration order and by name.</summary>
public sealed class AbiEventValues
{
    internal AbiEventValues(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values)
    {
        Parameters = parameters;
        Values = values;
    }

    public IReadOnlyList<AbiParameter> Parameters { get; }

    public IReadOnlyList<object?> Values { get; }

    public object? this[int index] => Values[index];

    public object? this[string name]
    {
        get
        {
            for (var i = 0; i < Parameters.Count; i++)
                if (Parameters[i].Name == name)
                    return Values[i];
            throw new KeyNotFoundException($"The event has no parameter named '{name}'.");
        }
    }
}

namespace Waterfall.Chain.Abi;

/// <summary>A named parameter of a function or event; <see cref="Indexed"/> only matters for events.</summary>
public sealed record AbiParameter(AbiType Type, string? Name = null, bool Indexed = false);

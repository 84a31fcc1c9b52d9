using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Transactions;

/// <summary>An EIP-2930 access list entry: an address and the storage slots the transaction pre-declares.</summary>
public sealed record AccessListEntry(EthAddress Address, IReadOnlyList<Bytes32> StorageKeys);

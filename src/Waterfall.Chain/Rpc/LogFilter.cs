using System.Text.Json.Nodes;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Rpc;

/// <summary>
/// An eth_getLogs filter. Topics are positional: null at a position matches anything, a list matches
/// any of its values (e.g. [Transfer topic0, null, payTo topic] finds every transfer to payTo).
/// </summary>
public sealed record LogFilter
{
    public BlockTag? FromBlock { get; init; }

    public BlockTag? ToBlock { get; init; }

    /// <summary>Restricts to one block by hash; cannot be combined with FromBlock/ToBlock.</summary>
    public Bytes32? BlockHash { get; init; }

    public IReadOnlyList<EthAddress> Addresses { get; init; } = [];

    public IReadOnlyList<IReadOnlyList<Bytes32>?> Topics { get; init; } = [];

    internal JsonObject ToJson()
    {
        if (BlockHash is not null && (FromBlock is not null || ToBlock is not null))
            throw new InvalidOperationException("A log filter takes either a block hash or a block range, not both.");
        var json = new JsonObject();
        if (FromBlock is { } from)
            json["fromBlock"] = from.ToString();
        if (ToBlock is { } to)
            json["toBlock"] = to.ToString();
        if (BlockHash is { } hash)
            json["blockHash"] = hash.ToString();
        if (Addresses.Count == 1)
            json["address"] = Addresses[0].ToLowerHex();
        else if (Addresses.Count > 1)
            json["address"] = new JsonArray(Addresses.Select(a => (JsonNode?)JsonValue.Create(a.ToLowerHex())).ToArray());
        if (Topics.Count > 0)
        {
            json["topics"] = new JsonArray(Topics.Select(position => position switch
            {
                null => null,
                { Count: 1 } single => (JsonNode?)JsonValue.Create(single[0].ToString()),
                var many => new JsonArray(many.Select(t => (JsonNode?)JsonValue.Create(t.ToString())).ToArray()),
            }).ToArray());
        }
        return json;
    }
}

using Waterfall.Contracts.Keys;

namespace Waterfall.Grains.Keys;

/// <summary>What a wallet key grain keeps durably: the key, once created.</summary>
[GenerateSerializer, Alias("wf.WalletKeyGrainState")]
public sealed class WalletKeyGrainState
{
    [Id(0)] public WalletKeyRecord? Key { get; set; }
}

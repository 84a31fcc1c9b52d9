namespace Waterfall.Grains.Keys;

/// <summary>What a wallet's key index keeps durably: its key ids, oldest first.</summary>
[GenerateSerializer, Alias("wf.WalletKeyIndexGrainState")]
public sealed class WalletKeyIndexGrainState
{
    [Id(0)] public List<string> KeyIds { get; set; } = [];
}

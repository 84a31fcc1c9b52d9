using Waterfall.ChainTestSupport;

namespace Waterfall.Chain.Tests.Support;

/// <summary>
/// Tests in this collection share one anvil node and run one after another, so they may use the
/// well-known accounts, but must not assume a fresh chain (use AnvilFixture.StartAsync for that).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    public const string Name = "anvil";
}

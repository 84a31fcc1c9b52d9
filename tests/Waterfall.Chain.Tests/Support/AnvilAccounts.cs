using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Support;

/// <summary>The well-known anvil development accounts from the vector README; test-only, never real funds.</summary>
public static class AnvilAccounts
{
    public const string Account0PrivateKeyHex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public static EthPrivateKey Account0Key => EthPrivateKey.FromHex(Account0PrivateKeyHex);

    public static EthAddress Account0 => EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    public static EthAddress Account1 => EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    /// <summary>The first contract account #0 deploys on a fresh node: the vector's token.</summary>
    public static EthAddress FirstDeployment => EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
}

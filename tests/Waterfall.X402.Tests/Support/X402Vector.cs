using System.Text.Json;

namespace Waterfall.X402.Tests.Support;

/// <summary>
/// The shared x402 vector (exact-eip3009-v2.json, produced with @x402/evm 2.27.0 and viem 2.57.20): one
/// v2 payment of 10000 atomic units from anvil #0 to anvil #1 on chain 31337, token at 0x5FbD…0aa3.
/// A missing file throws, so the vector tests fail rather than silently pass.
/// </summary>
public static class X402Vector
{
    public const string PayerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public const string Payer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    public const string PayTo = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    public const string Token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "x402", "exact-eip3009-v2.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The x402 vector is missing from {path}.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    });

    public static JsonElement Requirements => Root.Value.GetProperty("requirements");

    public static JsonElement PaymentPayload => Root.Value.GetProperty("paymentPayload");

    public static string Header => Root.Value.GetProperty("header").GetString()!;

    public static string Digest => Root.Value.GetProperty("digest").GetString()!;

    public static string Signature => Root.Value.GetProperty("signature").GetString()!;
}

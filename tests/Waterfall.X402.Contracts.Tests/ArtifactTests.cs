using System.Text.Json;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.TypedData;
using Waterfall.ChainTestSupport;
using Waterfall.X402.Contracts.Tests.Support;

namespace Waterfall.X402.Contracts.Tests;

/// <summary>The committed artifacts are what the committed Solidity compiles to, and expose USDC's ABI.</summary>
public sealed class ArtifactTests
{
    private static readonly string[] Names = ["Eip3009Token", "SettlementBatcher", "TestSmartWallet"];

    [Fact]
    public async Task The_committed_artifacts_equal_a_fresh_compilation_of_the_solidity_sources()
    {
        var contracts = RepositoryPaths.Contracts;
        await NpmPackages.EnsureInstalledAsync(contracts, () => File.Exists(Path.Combine(contracts, "node_modules", "solc", "package.json")));
        var output = Directory.CreateTempSubdirectory("waterfall-solc-");
        try
        {
            var result = await ExternalProcess.RunAsync("node", [Path.Combine(contracts, "compile.mjs"), "--out", output.FullName], TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 0, $"compile.mjs failed ({result.ExitCode}):\n{result.Output}");

            foreach (var name in Names)
            {
                var fresh = await File.ReadAllTextAsync(Path.Combine(output.FullName, $"{name}.json"));
                var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "src", "Waterfall.X402.Contracts", "Artifacts", $"{name}.json"));
                Assert.True(fresh == committed, $"{name}.json is stale: run `node deploy/contracts/compile.mjs` and commit the artifacts.");
                Assert.True(fresh == ContractArtifacts.RawJson(name), $"The embedded {name}.json differs from a fresh compilation: rebuild Waterfall.X402.Contracts.");
            }
            Assert.Equal(Names.Length, output.GetFiles("*.json").Length);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_artifacts_were_compiled_by_the_solc_version_pinned_in_package_json()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Contracts, "package.json")));
        var pinned = package.RootElement.GetProperty("devDependencies").GetProperty("solc").GetString()!;

        foreach (var artifact in ContractArtifacts.All)
            Assert.StartsWith(pinned + "+commit.", artifact.CompilerVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+$", pinned);
    }

    [Fact]
    public void The_token_has_both_transfer_with_authorization_overloads_under_the_usdc_selectors()
    {
        Assert.Equal("0xe3ee160e", Eip3009TokenClient.TransferWithAuthorizationVrs.SelectorHex);
        Assert.Equal("0xcf092995", Eip3009TokenClient.TransferWithAuthorizationBytes.SelectorHex);
        Assert.Equal("receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)", Eip3009TokenClient.ReceiveWithAuthorizationVrs.Signature);
        Assert.Equal("receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)", Eip3009TokenClient.ReceiveWithAuthorizationBytes.Signature);
        Assert.Equal("cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)", Eip3009TokenClient.CancelAuthorizationVrs.Signature);
        Assert.Equal("cancelAuthorization(address,bytes32,bytes)", Eip3009TokenClient.CancelAuthorizationBytes.Signature);
    }

    [Fact]
    public void The_token_abi_has_the_erc20_and_eip3009_surface_of_usdc()
    {
        var token = ContractArtifacts.Eip3009Token;
        string[] functions =
        [
            "name()", "symbol()", "version()", "decimals()", "totalSupply()", "balanceOf(address)", "allowance(address,address)",
            "transfer(address,uint256)", "transferFrom(address,address,uint256)", "approve(address,uint256)", "mint(address,uint256)",
            "DOMAIN_SEPARATOR()", "TRANSFER_WITH_AUTHORIZATION_TYPEHASH()", "RECEIVE_WITH_AUTHORIZATION_TYPEHASH()",
            "CANCEL_AUTHORIZATION_TYPEHASH()", "authorizationState(address,bytes32)",
        ];
        foreach (var signature in functions)
            Assert.Equal(signature, token.Function(signature).Signature);
        Assert.Equal("Transfer(address,address,uint256)", token.Event("Transfer").Signature);
        Assert.Equal("Approval(address,address,uint256)", token.Event("Approval").Signature);
        Assert.Equal("AuthorizationUsed(address,bytes32)", token.Event("AuthorizationUsed").Signature);
        Assert.Equal("AuthorizationCanceled(address,bytes32)", token.Event("AuthorizationCanceled").Signature);
        Assert.Equal(["string", "string", "string"], token.ConstructorInputs.Select(t => t.CanonicalName));
    }

    [Fact]
    public void The_batcher_abi_settles_a_token_and_an_array_of_authorization_tuples()
    {
        var batcher = ContractArtifacts.SettlementBatcher;

        Assert.Equal("settle(address,(address,address,uint256,uint256,uint256,bytes32,bytes)[])", SettlementBatcherClient.SettleFunction.Signature);
        Assert.Equal("Settled(address,address,bytes32,uint256)", SettlementBatcherClient.SettledEvent.Signature);
        Assert.Equal("SettlementFailed(address,address,bytes32,bytes)", SettlementBatcherClient.SettlementFailedEvent.Signature);
        Assert.Equal("setSubmitter(address,bool)", batcher.Function("setSubmitter").Signature);
        Assert.Equal(["address"], batcher.ConstructorInputs.Select(t => t.CanonicalName));
    }

    [Fact]
    public void The_v_r_s_calldata_of_the_vector_authorization_is_byte_for_byte_the_reference_stacks()
    {
        var calldata = Eip3009TokenClient.EncodeTransferWithAuthorization(ExactVector.Authorization, ExactVector.EcdsaSignature);

        Assert.Equal(Hex.Encode(ExactVector.VrsCalldata), Hex.Encode(calldata));
    }

    [Fact]
    public void The_bytes_calldata_of_the_vector_authorization_decodes_back_to_the_authorization_and_signature()
    {
        var calldata = Eip3009TokenClient.EncodeTransferWithAuthorization(ExactVector.Signed);

        var decoded = Eip3009TokenClient.TransferWithAuthorizationBytes.DecodeCall(calldata);

        Assert.Equal("0xcf092995", Hex.Encode(calldata.AsSpan(0, 4)));
        var a = ExactVector.Authorization;
        Assert.Equal([a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce], decoded[..6]);
        Assert.Equal(ExactVector.Signature, (byte[])decoded[6]!);
    }

    [Fact]
    public void Settle_calldata_for_several_authorizations_decodes_back_to_the_same_items_in_order()
    {
        var items = Enumerable.Range(0, 3)
            .Select(i => new SignedEip3009Authorization(
                LocalChain.Authorization(AnvilAccounts.Address(i + 3), LocalChain.PayTo, 1000 + i, i, LocalChain.FarFuture),
                Enumerable.Repeat((byte)i, 65 + i).ToArray()))
            .ToArray();

        var calldata = SettlementBatcherClient.EncodeSettle(LocalChain.ExpectedTokenAddress, items);
        var decoded = SettlementBatcherClient.SettleFunction.DecodeCall(calldata);

        Assert.Equal(LocalChain.ExpectedTokenAddress, decoded[0]);
        var tuples = (object?[])decoded[1]!;
        Assert.Equal(3, tuples.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var tuple = (object?[])tuples[i]!;
            var a = items[i].Authorization;
            Assert.Equal([a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce], tuple[..6]);
            Assert.Equal(items[i].Signature, (byte[])tuple[6]!);
        }
    }

    [Fact]
    public void The_create_address_of_anvil_account_0_is_the_vector_token_for_nonce_0_and_the_batcher_for_nonce_1()
    {
        Assert.Equal(AnvilAccounts.FirstDeployment, CreateAddress.Compute(AnvilAccounts.Account0, 0));
        Assert.Equal(EthAddress.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), CreateAddress.Compute(AnvilAccounts.Account0, 1));
    }

    [Fact]
    public void A_cancel_authorization_digest_is_the_eip712_digest_of_the_cancel_struct()
    {
        var domain = new Eip712Domain("USD Coin", "2", 31337, AnvilAccounts.FirstDeployment);
        var nonce = Bytes32.Parse("0xd8e1efcbc53e8e486c2516f932b47b6522b60fe8a8df67e1bdfc13d5daf4f2b5");
        var types = Eip712Types.Parse("CancelAuthorization(address authorizer,bytes32 nonce)");
        var expected = Eip712.Digest(domain, types, "CancelAuthorization", new Dictionary<string, object?> { ["authorizer"] = AnvilAccounts.Account0, ["nonce"] = nonce });

        Assert.Equal(expected, Eip3009TokenClient.CancelAuthorizationDigest(domain, AnvilAccounts.Account0, nonce));
        Assert.Equal(types.TypeHash("CancelAuthorization"), Eip3009TokenClient.CancelAuthorizationTypeHash);
    }

    [Fact]
    public void Usdc_amounts_are_counted_in_millionths()
    {
        Assert.Equal(6, Usdc.Decimals);
        Assert.Equal(10_000, Usdc.Units(0.01m));
        Assert.Equal(1_000_000, Usdc.OneDollar);
        Assert.Throws<ArgumentException>(() => Usdc.Units(0.0000001m));
    }
}

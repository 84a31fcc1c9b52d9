using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;

namespace Waterfall.X402.Contracts;

/// <summary>A contract that is on chain: where, by which transaction, and that transaction's receipt.</summary>
public sealed record DeployedContract(string Name, EthAddress Address, Bytes32 TransactionHash, TransactionReceipt Receipt);

/// <summary>A transaction that was mined but reverted (status 0), or otherwise did not do what it had to.</summary>
public sealed class TransactionFailedException(string message, TransactionReceipt? receipt = null) : Exception(message)
{
    public TransactionReceipt? Receipt { get; } = receipt;
}

/// <summary>
/// Deploys compiled contracts with an EIP-1559 CREATE transaction. The address is computed from the
/// sender and nonce before sending and must be the one the receipt reports, and the account must hold
/// code afterwards; anything else is a <see cref="TransactionFailedException"/>.
/// </summary>
public sealed class ContractDeployer
{
    public ContractDeployer(EthTransactionSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        Sender = sender;
    }

    public ContractDeployer(EthRpcClient client, EthSigner signer, ulong chainId)
        : this(new EthTransactionSender(client, signer, chainId))
    {
    }

    public EthTransactionSender Sender { get; }

    /// <summary>A deployer for the chain the node reports.</summary>
    public static async Task<ContractDeployer> CreateAsync(EthRpcClient client, EthSigner signer, CancellationToken cancellationToken = default) =>
        new(await EthTransactionSender.CreateAsync(client, signer, cancellationToken).ConfigureAwait(false));

    public Task<DeployedContract> DeployAsync(ContractArtifact artifact, params object?[] constructorArguments) =>
        DeployAsync(artifact, constructorArguments, options: null, CancellationToken.None);

    public async Task<DeployedContract> DeployAsync(
        ContractArtifact artifact,
        IReadOnlyList<object?> constructorArguments,
        TransactionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(constructorArguments);
        var data = artifact.DeploymentData([.. constructorArguments]);
        var signed = await Sender.SubmitAsync(to: null, data, options, cancellationToken).ConfigureAwait(false);
        var expected = CreateAddress.Compute(Sender.Address, signed.Transaction.Nonce);
        var receipt = await Sender.WaitForReceiptAsync(signed.Hash, cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded)
            throw new TransactionFailedException($"Deploying {artifact.Name} reverted (transaction {signed.Hash}, gas used {receipt.GasUsed}).", receipt);
        if (receipt.ContractAddress != expected)
            throw new TransactionFailedException($"Deploying {artifact.Name}: the receipt reports address {receipt.ContractAddress}, but sender {Sender.Address} with nonce {signed.Transaction.Nonce} creates {expected}.", receipt);
        var code = await Sender.Client.GetCodeAsync(expected, BlockTag.Number(receipt.BlockNumber), cancellationToken).ConfigureAwait(false);
        if (code.Length == 0)
            throw new TransactionFailedException($"Deploying {artifact.Name}: no code at {expected} after transaction {signed.Hash}.", receipt);
        return new DeployedContract(artifact.Name, expected, signed.Hash, receipt);
    }
}

using System.Numerics;
using Waterfall.Chain.Abi;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.TypedData;

namespace Waterfall.X402.Contracts;

/// <summary>One Transfer event: value moved from → to (from = zero address for a mint).</summary>
public sealed record TokenTransfer(EthAddress Token, EthAddress From, EthAddress To, BigInteger Value, ulong? LogIndex);

/// <summary>One AuthorizationUsed or AuthorizationCanceled event.</summary>
public sealed record AuthorizationEvent(EthAddress Token, EthAddress Authorizer, Bytes32 Nonce, bool Canceled, ulong? LogIndex);

/// <summary>
/// A thin typed client of an EIP-3009 token (our Eip3009Token or USDC itself: same ABI): reads through
/// eth_call, calldata encoders for both transferWithAuthorization overloads (and the receive/cancel
/// ones), and decoders for the token's logs in a receipt. Transactions go through an
/// <see cref="EthTransactionSender"/>, so the key stays with the caller.
/// </summary>
public sealed class Eip3009TokenClient
{
    private static ContractArtifact Abi => ContractArtifacts.Eip3009Token;

    public Eip3009TokenClient(EthRpcClient client, EthAddress address)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        Address = address;
    }

    public EthRpcClient Client { get; }

    /// <summary>The token contract.</summary>
    public EthAddress Address { get; }

    /// <summary>transferWithAuthorization(…, uint8 v, bytes32 r, bytes32 s): selector 0xe3ee160e.</summary>
    public static AbiFunction TransferWithAuthorizationVrs =>
        Abi.Function("transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)");

    /// <summary>transferWithAuthorization(…, bytes signature): selector 0xcf092995.</summary>
    public static AbiFunction TransferWithAuthorizationBytes =>
        Abi.Function("transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)");

    public static AbiFunction ReceiveWithAuthorizationVrs =>
        Abi.Function("receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)");

    public static AbiFunction ReceiveWithAuthorizationBytes =>
        Abi.Function("receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)");

    public static AbiFunction CancelAuthorizationVrs => Abi.Function("cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)");

    public static AbiFunction CancelAuthorizationBytes => Abi.Function("cancelAuthorization(address,bytes32,bytes)");

    /// <summary>EIP-2612 permit, USDC's v,r,s form — selector 0xd505accf.</summary>
    public static AbiFunction PermitVrs => Abi.Function("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)");

    /// <summary>EIP-2612 permit with any signature (USDC v2.2's bytes form, for ERC-1271 owners too).</summary>
    public static AbiFunction PermitBytes => Abi.Function("permit(address,address,uint256,uint256,bytes)");

    public static AbiEvent TransferEvent => Abi.Event("Transfer");

    public static AbiEvent AuthorizationUsedEvent => Abi.Event("AuthorizationUsed");

    public static AbiEvent AuthorizationCanceledEvent => Abi.Event("AuthorizationCanceled");

    /// <summary>The EIP-712 type hash of CancelAuthorization(address authorizer,bytes32 nonce).</summary>
    public static Bytes32 CancelAuthorizationTypeHash => Keccak256.HashUtf8("CancelAuthorization(address authorizer,bytes32 nonce)");

    // ------------------------------------------------------------------ reads

    public async Task<string> NameAsync(CancellationToken cancellationToken = default) =>
        (string)(await CallAsync("name", [], default, cancellationToken).ConfigureAwait(false))!;

    public async Task<string> SymbolAsync(CancellationToken cancellationToken = default) =>
        (string)(await CallAsync("symbol", [], default, cancellationToken).ConfigureAwait(false))!;

    /// <summary>The EIP-712 domain version ("2" for USDC).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default) =>
        (string)(await CallAsync("version", [], default, cancellationToken).ConfigureAwait(false))!;

    public async Task<byte> DecimalsAsync(CancellationToken cancellationToken = default) =>
        (byte)(BigInteger)(await CallAsync("decimals", [], default, cancellationToken).ConfigureAwait(false))!;

    public async Task<BigInteger> TotalSupplyAsync(BlockTag block = default, CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync("totalSupply", [], block, cancellationToken).ConfigureAwait(false))!;

    public async Task<BigInteger> BalanceOfAsync(EthAddress account, BlockTag block = default, CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync("balanceOf", [account], block, cancellationToken).ConfigureAwait(false))!;

    public async Task<BigInteger> AllowanceAsync(EthAddress owner, EthAddress spender, BlockTag block = default, CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync("allowance", [owner, spender], block, cancellationToken).ConfigureAwait(false))!;

    /// <summary>The owner's next EIP-2612 permit nonce.</summary>
    public async Task<BigInteger> PermitNonceAsync(EthAddress owner, BlockTag block = default, CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync("nonces", [owner], block, cancellationToken).ConfigureAwait(false))!;

    /// <summary>True once the authorizer's nonce has been used or canceled.</summary>
    public async Task<bool> AuthorizationStateAsync(EthAddress authorizer, Bytes32 nonce, BlockTag block = default, CancellationToken cancellationToken = default) =>
        (bool)(await CallAsync("authorizationState", [authorizer, nonce], block, cancellationToken).ConfigureAwait(false))!;

    public async Task<Bytes32> DomainSeparatorAsync(CancellationToken cancellationToken = default) =>
        (Bytes32)(await CallAsync("DOMAIN_SEPARATOR", [], default, cancellationToken).ConfigureAwait(false))!;

    /// <summary>The EIP-712 domain a payer signs over: the token's name and version, the node's chain id, the token's address.</summary>
    public async Task<Eip712Domain> Eip712DomainAsync(CancellationToken cancellationToken = default)
    {
        var name = await NameAsync(cancellationToken).ConfigureAwait(false);
        var version = await VersionAsync(cancellationToken).ConfigureAwait(false);
        var chainId = await Client.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        return new Eip712Domain(name, version, chainId, Address);
    }

    // ------------------------------------------------------------------ calldata

    public static byte[] EncodeMint(EthAddress to, BigInteger amount) => Abi.Function("mint").EncodeCall(to, amount);

    public static byte[] EncodeTransfer(EthAddress to, BigInteger amount) => Abi.Function("transfer").EncodeCall(to, amount);

    public static byte[] EncodeApprove(EthAddress spender, BigInteger amount) => Abi.Function("approve").EncodeCall(spender, amount);

    public static byte[] EncodeTransferFrom(EthAddress from, EthAddress to, BigInteger amount) => Abi.Function("transferFrom").EncodeCall(from, to, amount);

    /// <summary>permit(owner, spender, value, deadline, signature): the bytes form, which takes any signature.</summary>
    public static byte[] EncodePermit(SignedEip2612Permit signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var p = signed.Permit;
        return PermitBytes.EncodeCall(p.Owner, p.Spender, p.Value, p.Deadline, signed.Signature);
    }

    /// <summary>permit(owner, spender, value, deadline, v, r, s) — selector 0xd505accf, what USDC and every EIP-2612 token take.</summary>
    public static byte[] EncodePermit(Eip2612Permit permit, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(signature);
        return PermitVrs.EncodeCall(permit.Owner, permit.Spender, permit.Value, permit.Deadline, signature.V, signature.R, signature.S);
    }

    /// <summary>transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s) — selector 0xe3ee160e.</summary>
    public static byte[] EncodeTransferWithAuthorization(Eip3009Authorization authorization, EthSignature signature) =>
        EncodeVrs(TransferWithAuthorizationVrs, authorization, signature);

    /// <summary>transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, signature) — selector 0xcf092995.</summary>
    public static byte[] EncodeTransferWithAuthorization(Eip3009Authorization authorization, ReadOnlySpan<byte> signature) =>
        EncodeBytes(TransferWithAuthorizationBytes, authorization, signature);

    /// <summary>The bytes overload (0xcf092995), which takes any signature, EOA or ERC-1271.</summary>
    public static byte[] EncodeTransferWithAuthorization(SignedEip3009Authorization signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        return EncodeTransferWithAuthorization(signed.Authorization, signed.Signature);
    }

    public static byte[] EncodeReceiveWithAuthorization(Eip3009Authorization authorization, EthSignature signature) =>
        EncodeVrs(ReceiveWithAuthorizationVrs, authorization, signature);

    public static byte[] EncodeReceiveWithAuthorization(Eip3009Authorization authorization, ReadOnlySpan<byte> signature) =>
        EncodeBytes(ReceiveWithAuthorizationBytes, authorization, signature);

    public static byte[] EncodeCancelAuthorization(EthAddress authorizer, Bytes32 nonce, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return CancelAuthorizationVrs.EncodeCall(authorizer, nonce, signature.V, signature.R, signature.S);
    }

    public static byte[] EncodeCancelAuthorization(EthAddress authorizer, Bytes32 nonce, ReadOnlySpan<byte> signature) =>
        CancelAuthorizationBytes.EncodeCall(authorizer, nonce, signature.ToArray());

    /// <summary>The EIP-712 digest the authorizer signs to cancel a nonce.</summary>
    public static Bytes32 CancelAuthorizationDigest(Eip712Domain domain, EthAddress authorizer, Bytes32 nonce)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var structHash = Keccak256.Hash(AbiEncoder.Encode(["bytes32", "address", "bytes32"], [CancelAuthorizationTypeHash, authorizer, nonce]));
        return Eip712.Digest(domain.Separator(), structHash);
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>Mints (only the deployer may); returns the receipt, which may be a mined revert.</summary>
    public Task<TransactionReceipt> MintAsync(EthTransactionSender sender, EthAddress to, BigInteger amount, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodeMint(to, amount), options, cancellationToken);

    public Task<TransactionReceipt> TransferAsync(EthTransactionSender sender, EthAddress to, BigInteger amount, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodeTransfer(to, amount), options, cancellationToken);

    /// <summary>Submits a signed permit (any sender may: the signature is the owner's consent).</summary>
    public Task<TransactionReceipt> PermitAsync(EthTransactionSender sender, SignedEip2612Permit signed, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodePermit(signed), options, cancellationToken);

    /// <summary>Pulls <paramref name="amount"/> from <paramref name="from"/> within the sender's allowance.</summary>
    public Task<TransactionReceipt> TransferFromAsync(EthTransactionSender sender, EthAddress from, EthAddress to, BigInteger amount, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodeTransferFrom(from, to, amount), options, cancellationToken);

    /// <summary>Submits a signed authorization through the bytes overload (0xcf092995).</summary>
    public Task<TransactionReceipt> TransferWithAuthorizationAsync(EthTransactionSender sender, SignedEip3009Authorization signed, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodeTransferWithAuthorization(signed), options, cancellationToken);

    /// <summary>Submits a signed authorization through the v,r,s overload (0xe3ee160e).</summary>
    public Task<TransactionReceipt> TransferWithAuthorizationAsync(EthTransactionSender sender, Eip3009Authorization authorization, EthSignature signature, TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(sender, EncodeTransferWithAuthorization(authorization, signature), options, cancellationToken);

    // ------------------------------------------------------------------ logs

    /// <summary>This token's Transfer events in a receipt, in log order.</summary>
    public IReadOnlyList<TokenTransfer> TransfersIn(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Logs.Where(l => l.Address == Address).Select(TryDecodeTransfer).OfType<TokenTransfer>().ToArray();
    }

    /// <summary>This token's AuthorizationUsed and AuthorizationCanceled events in a receipt, in log order.</summary>
    public IReadOnlyList<AuthorizationEvent> AuthorizationEventsIn(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Logs.Where(l => l.Address == Address).Select(TryDecodeAuthorizationEvent).OfType<AuthorizationEvent>().ToArray();
    }

    /// <summary>The Transfer event in a log of any token, or null when the log is something else.</summary>
    public static TokenTransfer? TryDecodeTransfer(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count != 3 || log.Topics[0] != TransferEvent.Topic0)
            return null;
        var values = TransferEvent.Decode(log.Topics, log.Data);
        return new TokenTransfer(log.Address, (EthAddress)values["from"]!, (EthAddress)values["to"]!, (BigInteger)values["value"]!, log.LogIndex);
    }

    public static AuthorizationEvent? TryDecodeAuthorizationEvent(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (log.Topics.Count != 3)
            return null;
        var canceled = log.Topics[0] == AuthorizationCanceledEvent.Topic0;
        if (!canceled && log.Topics[0] != AuthorizationUsedEvent.Topic0)
            return null;
        return new AuthorizationEvent(log.Address, new EthAddress(log.Topics[1].Span[12..]), log.Topics[2], canceled, log.LogIndex);
    }

    private static byte[] EncodeVrs(AbiFunction function, Eip3009Authorization a, EthSignature signature)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(signature);
        return function.EncodeCall(a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce, signature.V, signature.R, signature.S);
    }

    private static byte[] EncodeBytes(AbiFunction function, Eip3009Authorization a, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(a);
        return function.EncodeCall(a.From, a.To, a.Value, a.ValidAfter, a.ValidBefore, a.Nonce, signature.ToArray());
    }

    private async Task<TransactionReceipt> SendAsync(EthTransactionSender sender, byte[] data, TransactionOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return await sender.SendAsync(Address, data, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> CallAsync(string function, object?[] arguments, BlockTag block, CancellationToken cancellationToken)
    {
        var abi = Abi.Function(function);
        var result = await Client.CallAsync(new CallRequest { To = Address, Data = abi.EncodeCall(arguments) }, block, cancellationToken).ConfigureAwait(false);
        if (result.Length == 0)
            throw new InvalidOperationException($"{abi.Signature} on {Address} returned nothing: is the token deployed at that address on this chain?");
        return abi.DecodeOutput(result)[0];
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;
using Waterfall.Chain.Rpc;
using Waterfall.Chain.TypedData;
using Waterfall.X402.Contracts;
using static Waterfall.X402.ExactEvmScheme.Reasons;

namespace Waterfall.X402;

/// <summary>The outcome of a verification: the wire answer, and the parsed payment when it is valid.</summary>
public sealed record ExactEvmVerification(VerifyResponse Response, VerifiedPayment? Payment)
{
    public bool IsValid => Response.IsValid;
}

/// <summary>
/// Verifies "exact" EVM payments (EIP-3009) the way the reference facilitator does, check for check and in
/// the same order, answering with the same reason strings:
/// <list type="number">
/// <item>scheme "exact" on both the payload and the requirements — invalid_exact_evm_scheme;</item>
/// <item>the token's EIP-712 name and version in requirements.extra — invalid_exact_evm_missing_eip712_domain;</item>
/// <item>the payload's network is the required one — invalid_exact_evm_network_mismatch;</item>
/// <item>the signature recovers to authorization.from, or the payer contract accepts it (ERC-1271) — invalid_exact_evm_signature
///   (an undeployed ERC-6492 wallet: eip6492_factory_not_allowed);</item>
/// <item>authorization.to is payTo — invalid_exact_evm_recipient_mismatch;</item>
/// <item>validBefore ≥ now + 6 s — invalid_exact_evm_payload_authorization_valid_before;</item>
/// <item>validAfter ≤ now — invalid_exact_evm_payload_authorization_valid_after;</item>
/// <item>value is exactly the amount — invalid_exact_evm_payload_authorization_value_mismatch (v1: invalid_exact_evm_authorization_value);</item>
/// <item>the asset is a deployed contract (v2) — asset_not_deployed_contract;</item>
/// <item>the transfer itself, simulated with eth_call; when it would revert, the cause is diagnosed:
///   authorizationState fails — invalid_exact_evm_eip3009_not_supported; nonce used — invalid_exact_evm_nonce_already_used;
///   name/version differ — invalid_exact_evm_token_name_mismatch / _version_mismatch; balance below the amount —
///   invalid_exact_evm_insufficient_balance; otherwise invalid_exact_evm_transaction_simulation_failed.</item>
/// </list>
/// Where the reference throws (and its HTTP facilitator answers 500) this answers isValid=false with the
/// x402 specification's codes instead: invalid_payload, invalid_payment_requirements, invalid_network,
/// unsupported_payload_type (Permit2), unexpected_verify_error (the chain could not be asked).
/// The reference diagnoses through Multicall3; this makes the four calls directly, which answers the same
/// on chains that have Multicall3 and also on those that do not (a fresh anvil).
/// </summary>
public sealed class ExactEvmVerifier
{
    private static readonly TimeSpan AssetCacheTtl = TimeSpan.FromMinutes(15);

    private readonly X402Chains _chains;
    private readonly IPaymentClock _clock;
    private readonly ILogger _logger;
    private readonly EthAddress? _simulationSender;
    private readonly ConcurrentDictionary<(string Network, EthAddress Asset), DateTimeOffset> _assetIsContract = new();

    /// <param name="simulationSender">The "from" of simulated calls: the facilitator's address, so the simulation is the call settlement will make.</param>
    public ExactEvmVerifier(X402Chains chains, IPaymentClock clock, ILogger<ExactEvmVerifier>? logger = null, EthAddress? simulationSender = null)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(clock);
        _chains = chains;
        _clock = clock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _simulationSender = simulationSender;
    }

    public X402Networks Networks => _chains.Networks;

    /// <summary>Verifies a v2 payment, simulating the transfer as the reference's /verify does.</summary>
    public async Task<VerifyResponse> VerifyAsync(PaymentPayload payload, PaymentRequirements requirements, CancellationToken cancellationToken = default) =>
        (await CheckAsync(payload, requirements, simulate: true, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>Verifies a v1 payment, simulating the transfer as the reference's /verify does.</summary>
    public async Task<VerifyResponse> VerifyAsync(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements, CancellationToken cancellationToken = default) =>
        (await CheckAsync(payload, requirements, simulate: true, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>Verifies a v2 payment and, when valid, returns it parsed for settlement. Settlement verifies without simulating (as the reference).</summary>
    public Task<ExactEvmVerification> CheckAsync(PaymentPayload payload, PaymentRequirements requirements, bool simulate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return CheckCoreAsync(InputOf(payload, requirements), simulate, cancellationToken);
    }

    /// <summary>
    /// Checks only that a v2 payment is well formed for the requirements and signed by its payer for the
    /// authorization it carries: no validity window, amount, balance or nonce. For a payment sent again, whose
    /// nonce is spent and whose window may be past: a retry answered with the first top-up must still be the payer's.
    /// </summary>
    public Task<ExactEvmVerification> CheckSignatureAsync(PaymentPayload payload, PaymentRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return CheckCoreAsync(InputOf(payload, requirements) with { SignatureOnly = true }, simulate: false, cancellationToken);
    }

    /// <summary>The same for a v1 payment.</summary>
    public Task<ExactEvmVerification> CheckSignatureAsync(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return CheckCoreAsync(InputOf(payload, requirements) with { SignatureOnly = true }, simulate: false, cancellationToken);
    }

    private static Input InputOf(PaymentPayload payload, PaymentRequirements requirements) =>
            new Input(
                Version: 2,
                AcceptedScheme: payload.Accepted.Scheme,
                RequiredScheme: requirements.Scheme,
                PayloadNetwork: payload.Accepted.Network,
                RequiredNetwork: requirements.Network,
                Asset: requirements.Asset,
                PayTo: requirements.PayTo,
                Amount: requirements.Amount,
                Extra: requirements.Extra,
                Payload: payload.Payload);

    /// <summary>Verifies a v1 payment and, when valid, returns it parsed for settlement.</summary>
    public Task<ExactEvmVerification> CheckAsync(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements, bool simulate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(requirements);
        return CheckCoreAsync(InputOf(payload, requirements), simulate, cancellationToken);
    }

    private static Input InputOf(PaymentPayloadV1 payload, PaymentRequirementsV1 requirements) =>
            new Input(
                Version: 1,
                AcceptedScheme: payload.Scheme,
                RequiredScheme: requirements.Scheme,
                PayloadNetwork: payload.Network,
                RequiredNetwork: requirements.Network,
                Asset: requirements.Asset,
                PayTo: requirements.PayTo,
                Amount: requirements.MaxAmountRequired,
                Extra: requirements.Extra,
                Payload: payload.Payload);

    private sealed record Input(
        int Version,
        string AcceptedScheme,
        string RequiredScheme,
        string PayloadNetwork,
        string RequiredNetwork,
        string Asset,
        string PayTo,
        string Amount,
        IReadOnlyDictionary<string, JsonElement>? Extra,
        JsonElement Payload,
        bool SignatureOnly = false);

    private async Task<ExactEvmVerification> CheckCoreAsync(Input input, bool simulate, CancellationToken cancellationToken)
    {
        if (input.Payload.ValueKind == JsonValueKind.Object && input.Payload.TryGetProperty("permit2Authorization", out _))
            return Invalid(input, UnsupportedPayloadType, null, "Permit2 payloads are not supported here; pay with an EIP-3009 authorization.");
        ExactEvmPayload exact;
        try
        {
            exact = ExactEvmPayload.FromJson(input.Payload);
        }
        catch (X402FormatException e)
        {
            return Invalid(input, InvalidPayload, null, e.Message);
        }
        var payer = exact.Authorization.From;
        try
        {
            return await CheckPayloadAsync(input, exact, payer, simulate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or EthRpcException or EthRpcProtocolException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogWarning("x402 verify of a payment from {Payer} on {Network} could not ask the chain: {Error}", payer, input.RequiredNetwork, e.Message);
            return Invalid(input, UnexpectedVerifyError, payer, "The chain could not be queried: " + e.Message);
        }
    }

    private async Task<ExactEvmVerification> CheckPayloadAsync(Input input, ExactEvmPayload exact, string payer, bool simulate, CancellationToken cancellationToken)
    {
        var v1 = input.Version == 1;
        if (input.AcceptedScheme != ExactEvmScheme.Name || input.RequiredScheme != ExactEvmScheme.Name)
            return Invalid(input, InvalidScheme, payer);

        ulong chainId = 0;
        if (v1 && !_chains.Networks.TryGetV1ChainId(input.PayloadNetwork, out chainId))
            return Invalid(input, NetworkMismatch, payer);

        var name = Truthy(input.Extra, "name");
        var version = Truthy(input.Extra, "version");
        if (name is null || version is null)
            return Invalid(input, MissingEip712Domain, payer);

        if (!EthAddress.TryParse(input.Asset, out var asset))
            return Invalid(input, InvalidPaymentRequirements, payer, $"asset '{WireCheck.Shorten(input.Asset)}' is not an address.");
        if (!EthAddress.TryParse(input.PayTo, out var payTo))
            return Invalid(input, InvalidPaymentRequirements, payer, $"payTo '{WireCheck.Shorten(input.PayTo)}' is not an address.");
        if (!TryParseUInt256(input.Amount, out var amount))
            return Invalid(input, InvalidPaymentRequirements, payer, $"{(v1 ? "maxAmountRequired" : "amount")} '{WireCheck.Shorten(input.Amount)}' is not a uint256.");

        if (input.PayloadNetwork != input.RequiredNetwork)
            return Invalid(input, NetworkMismatch, payer);

        X402Network network;
        if (v1)
        {
            if (!_chains.Networks.TryGetByV1Name(input.RequiredNetwork, out network))
                return Invalid(input, InvalidNetwork, payer, $"Network '{input.RequiredNetwork}' is not served by this facilitator.");
        }
        else
        {
            if (!X402Network.TryParseEip155(input.RequiredNetwork, out chainId) || !_chains.Networks.TryGet(input.RequiredNetwork, out network))
                return Invalid(input, InvalidNetwork, payer, $"Network '{input.RequiredNetwork}' is not served by this facilitator.");
        }

        var authorization = exact.Authorization;
        if (!TryParseUInt256(authorization.Value, out var value)
            || !TryParseUInt256(authorization.ValidAfter, out var validAfter)
            || !TryParseUInt256(authorization.ValidBefore, out var validBefore))
        {
            return Invalid(input, InvalidPayload, payer, "authorization value, validAfter and validBefore must be uint256 numbers.");
        }

        var chain = _chains.For(network);

        // Signature. Addresses and the nonce take part in the typed-data hash: if they do not parse, no
        // signature can be valid for them (the reference's hashing fails and it answers the same).
        if (!Hex.TryDecode(exact.Signature, out var signatureBytes)
            || !EthAddress.TryParse(authorization.From, out var from)
            || !EthAddress.TryParse(authorization.To, out var to)
            || !TryParseBytes32(authorization.Nonce, out var nonce))
        {
            return Invalid(input, InvalidSignature, payer);
        }
        byte[] innerSignature;
        bool wrapped;
        try
        {
            wrapped = Erc6492.TryUnwrap(signatureBytes, out _, out _, out innerSignature);
        }
        catch (FormatException)
        {
            return Invalid(input, InvalidSignature, payer);
        }
        var payerCode = await chain.GetCodeAsync(from, cancellationToken: cancellationToken).ConfigureAwait(false);
        var payerIsContract = payerCode.Length > 0;
        if (wrapped && !payerIsContract)
            return Invalid(input, FactoryNotAllowed, payer, "The payer's smart wallet is not deployed, and this facilitator deploys none.");

        var eip3009 = new Eip3009Authorization(from, to, value, validAfter, validBefore, nonce);
        var digest = eip3009.Digest(new Eip712Domain(name, version, chainId, asset));
        var signatureValid = payerIsContract
            ? await IsValidErc1271Async(chain, from, digest, innerSignature, cancellationToken).ConfigureAwait(false)
            : RecoversTo(digest, innerSignature, from);
        if (!signatureValid)
            return Invalid(input, InvalidSignature, payer);
        if (input.SignatureOnly)
            return new ExactEvmVerification(VerifyResponse.Valid(payer), null);

        if (to != payTo)
            return Invalid(input, RecipientMismatch, payer);

        var now = await _clock.UnixNowAsync(network, cancellationToken).ConfigureAwait(false);
        if (validBefore < now + ExactEvmScheme.ValidBeforeBufferSeconds)
            return Invalid(input, ValidBeforeExpired, payer);
        if (validAfter > now)
            return Invalid(input, ValidAfterInFuture, payer);

        if (value != amount)
            return Invalid(input, v1 ? InvalidAuthorizationValue : AuthorizationValueMismatch, payer);

        if (!v1 && !await IsContractAsync(chain, network, asset, cancellationToken).ConfigureAwait(false))
            return Invalid(input, AssetNotDeployedContract, payer);

        var payment = new VerifiedPayment(
            input.Version,
            network,
            input.PayloadNetwork,
            asset,
            eip3009,
            innerSignature,
            payerIsContract,
            exact.Signature);

        if (simulate)
        {
            var failure = await SimulateAsync(chain, payment, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                var reason = await DiagnoseAsync(chain, payment, input.Extra, amount, cancellationToken).ConfigureAwait(false);
                return Invalid(input, reason, payer, v1 ? null : failure);
            }
        }

        _logger.LogDebug("x402 verified {Payment}", payment);
        return new ExactEvmVerification(VerifyResponse.Valid(payer), payment);
    }

    private ExactEvmVerification Invalid(Input input, string reason, string? payer, string? message = null)
    {
        _logger.LogInformation("x402 verify refused a payment from {Payer} on {Network}: {Reason}", payer, input.RequiredNetwork, reason);
        return new ExactEvmVerification(VerifyResponse.Invalid(reason, payer, message), null);
    }

    /// <summary>
    /// The reference reads extra.name / extra.version with JavaScript truthiness: missing, null, false, 0
    /// and "" all count as absent. Anything else present that is not a string cannot be hashed, which
    /// surfaces as an invalid signature, so it is returned as its JSON text.
    /// </summary>
    private static string? Truthy(IReadOnlyDictionary<string, JsonElement>? extra, string key)
    {
        if (extra is null || !extra.TryGetValue(key, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText() is "0" or "-0" or "0.0" ? null : value.GetRawText(),
            JsonValueKind.True or JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A uint256 as the reference's BigInt() reads it: decimal digits, or 0x and hex digits.</summary>
    internal static bool TryParseUInt256(string? text, out BigInteger value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
            return false;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var digits = text.AsSpan(2);
            if (digits.IsEmpty || !IsHex(digits))
                return false;
            value = BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            if (text.AsSpan().ContainsAnyExceptInRange('0', '9'))
                return false;
            value = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        return value.GetByteCount(isUnsigned: true) <= 32;
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
            if (!char.IsAsciiHexDigit(c))
                return false;
        return true;
    }

    private static bool TryParseBytes32(string text, out Bytes32 value)
    {
        value = default;
        if (!Hex.TryDecode(text, out var bytes) || bytes.Length != Bytes32.Length)
            return false;
        value = new Bytes32(bytes);
        return true;
    }

    // An EOA: a 65-byte r‖s‖v signature (v 27/28, or 0/1 as some wallets write it) that recovers to the payer.
    // High-s signatures are refused: the token's ecrecover rejects them, so they could never settle.
    private static bool RecoversTo(Bytes32 digest, byte[] signature, EthAddress expected)
    {
        if (signature.Length != EthSignature.Length)
            return false;
        var normalized = (byte[])signature.Clone();
        if (normalized[64] is 0 or 1)
            normalized[64] += 27;
        try
        {
            return EcRecover.TryRecoverAddress(digest, EthSignature.FromBytes(normalized), out var recovered) && recovered == expected;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<bool> IsValidErc1271Async(EthRpcClient chain, EthAddress wallet, Bytes32 digest, byte[] signature, CancellationToken cancellationToken)
    {
        try
        {
            var result = await chain.CallAsync(
                new CallRequest { To = wallet, Data = Eip3009Token.IsValidSignature.EncodeCall(digest, signature) },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var magic = (byte[])Eip3009Token.IsValidSignature.DecodeOutput(result)[0]!;
            return magic.AsSpan().SequenceEqual(Eip3009Token.Erc1271MagicValue);
        }
        catch (Exception e) when (e is EthRpcException or FormatException)
        {
            return false;
        }
    }

    private async Task<bool> IsContractAsync(EthRpcClient chain, X402Network network, EthAddress asset, CancellationToken cancellationToken)
    {
        var key = (network.Id, asset);
        var now = DateTimeOffset.UtcNow;
        if (_assetIsContract.TryGetValue(key, out var expires) && now < expires)
            return true;
        var code = await chain.GetCodeAsync(asset, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (code.Length == 0)
            return false;
        if (_assetIsContract.Count < 4096)
            _assetIsContract[key] = now + AssetCacheTtl;
        return true;
    }

    /// <summary>eth_call of the settlement itself; null when it would succeed, else why it reverts.</summary>
    private async Task<string?> SimulateAsync(EthRpcClient chain, VerifiedPayment payment, CancellationToken cancellationToken)
    {
        try
        {
            await chain.CallAsync(
                new CallRequest { From = _simulationSender, To = payment.Asset, Data = payment.SettlementCalldata() },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (EthRpcException e)
        {
            return "transferWithAuthorization would revert: " + (e.RevertReason ?? e.RpcMessage);
        }
    }

    /// <summary>Why the simulated transfer reverts, asked of the token one question at a time.</summary>
    private static async Task<string> DiagnoseAsync(
        EthRpcClient chain,
        VerifiedPayment payment,
        IReadOnlyDictionary<string, JsonElement>? extra,
        BigInteger amount,
        CancellationToken cancellationToken)
    {
        var a = payment.Authorization;
        var token = new Eip3009TokenClient(chain, payment.Asset);
        try
        {
            var used = await TryReadAsync(() => token.AuthorizationStateAsync(a.From, a.Nonce, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (used is null)
                return Eip3009NotSupported;
            if (used.Value)
                return NonceAlreadyUsed;
            var requiredName = Truthy(extra, "name");
            var name = await TryReadAsync(() => token.NameAsync(cancellationToken)).ConfigureAwait(false);
            if (name is { } n && requiredName is not null && n.Value != requiredName)
                return TokenNameMismatch;
            var requiredVersion = Truthy(extra, "version");
            var version = await TryReadAsync(() => token.VersionAsync(cancellationToken)).ConfigureAwait(false);
            if (version is { } v && requiredVersion is not null && v.Value != requiredVersion)
                return TokenVersionMismatch;
            var balance = await TryReadAsync(() => token.BalanceOfAsync(a.From, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (balance is { } b && b.Value < amount)
                return InsufficientBalance;
        }
        catch (Exception e) when (e is HttpRequestException or EthRpcProtocolException)
        {
            // The diagnosis is best effort, as in the reference: without it the answer is the generic one.
        }
        return SimulationFailed;
    }

    // A call that reverts or returns something undecodable is a "failure" (null), as in a Multicall3 tryAggregate.
    private static async Task<Box<T>?> TryReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return new Box<T>(await read().ConfigureAwait(false));
        }
        catch (Exception e) when (e is EthRpcException or FormatException or InvalidCastException)
        {
            return null;
        }
    }

    private sealed record Box<T>(T Value);
}

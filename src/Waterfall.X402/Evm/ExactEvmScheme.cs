namespace Waterfall.X402;

/// <summary>
/// The "exact" scheme on EVM chains: the payer signs an EIP-3009 TransferWithAuthorization for exactly
/// the required amount; the facilitator submits it with transferWithAuthorization and pays the gas.
/// The reason strings are the reference implementation's (@x402/evm 2.27.0), so clients and servers
/// built on it understand our answers.
/// </summary>
public static class ExactEvmScheme
{
    public const string Name = "exact";

    /// <summary>The CAIP-2 family every EVM network belongs to, the key of /supported's signers.</summary>
    public const string Family = "eip155:*";

    /// <summary>validBefore must leave at least this many seconds, so the transaction can still land.</summary>
    public const int ValidBeforeBufferSeconds = 6;

    /// <summary>The reason strings verify and settle answer with.</summary>
    public static class Reasons
    {
        // The scheme's own checks, in the order verification makes them.
        public const string InvalidScheme = "invalid_exact_evm_scheme";
        public const string MissingEip712Domain = "invalid_exact_evm_missing_eip712_domain";
        public const string NetworkMismatch = "invalid_exact_evm_network_mismatch";
        public const string FactoryNotAllowed = "eip6492_factory_not_allowed";
        public const string InvalidSignature = "invalid_exact_evm_signature";
        public const string RecipientMismatch = "invalid_exact_evm_recipient_mismatch";
        public const string ValidBeforeExpired = "invalid_exact_evm_payload_authorization_valid_before";
        public const string ValidAfterInFuture = "invalid_exact_evm_payload_authorization_valid_after";
        public const string AuthorizationValueMismatch = "invalid_exact_evm_payload_authorization_value_mismatch";

        /// <summary>v1's name for a value that differs from maxAmountRequired.</summary>
        public const string InvalidAuthorizationValue = "invalid_exact_evm_authorization_value";

        public const string AssetNotDeployedContract = "asset_not_deployed_contract";

        // What a failed simulation is diagnosed as.
        public const string Eip3009NotSupported = "invalid_exact_evm_eip3009_not_supported";
        public const string NonceAlreadyUsed = "invalid_exact_evm_nonce_already_used";
        public const string TokenNameMismatch = "invalid_exact_evm_token_name_mismatch";
        public const string TokenVersionMismatch = "invalid_exact_evm_token_version_mismatch";
        public const string InsufficientBalance = "invalid_exact_evm_insufficient_balance";
        public const string SimulationFailed = "invalid_exact_evm_transaction_simulation_failed";

        // Settlement.
        public const string TransactionFailed = "invalid_exact_evm_transaction_failed";
        public const string TransferEventMismatch = "invalid_exact_evm_transfer_event_mismatch";
        public const string FailedToParseSignature = "invalid_exact_evm_failed_to_parse_signature";
        public const string InvalidTransactionState = "invalid_transaction_state";
        public const string SettlementPending = "settlement_pending";
        public const string UnsupportedPayloadType = "unsupported_payload_type";

        // Protocol-level codes (x402 specification, "Error Handling"), for what the reference answers with an
        // HTTP 500 (it throws): a payload or requirements of the wrong shape, an unknown version, scheme or
        // network, and a chain that cannot be reached.
        public const string InvalidPayload = "invalid_payload";
        public const string InvalidPaymentRequirements = "invalid_payment_requirements";
        public const string InvalidNetwork = "invalid_network";
        public const string UnsupportedScheme = "unsupported_scheme";
        public const string InvalidX402Version = "invalid_x402_version";
        public const string UnexpectedVerifyError = "unexpected_verify_error";
        public const string UnexpectedSettleError = "unexpected_settle_error";
    }
}

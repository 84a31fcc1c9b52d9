// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

/// @dev The bytes-signature form of EIP-3009's transferWithAuthorization (selector 0xcf092995), as USDC v2.2 has it.
interface IEip3009Transfer {
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;
}

/// @title Settles many EIP-3009 authorizations in one transaction.
/// @notice Each authorization moves its value straight from the payer to its payee; this contract never
/// holds funds. One failing authorization (payer moved the funds, expired, nonce used) does not revert
/// the others: every item ends in exactly one Settled or SettlementFailed event, in input order.
/// Only the owner and the submitters it allows may call settle, so nobody else can spend the
/// facilitator's pending authorizations in their own batches (or grief its batches by front-running them).
contract SettlementBatcher {
    struct Authorization {
        address from;
        address to;
        uint256 value;
        uint256 validAfter;
        uint256 validBefore;
        bytes32 nonce;
        bytes signature;
    }

    address public owner;
    mapping(address submitter => bool) public isSubmitter;

    event Settled(address indexed token, address indexed from, bytes32 indexed nonce, uint256 value);
    event SettlementFailed(address indexed token, address indexed from, bytes32 indexed nonce, bytes reason);
    event SubmitterSet(address indexed submitter, bool allowed);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    constructor(address initialOwner) {
        require(initialOwner != address(0), "SettlementBatcher: owner is the zero address");
        owner = initialOwner;
        emit OwnershipTransferred(address(0), initialOwner);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "SettlementBatcher: caller is not the owner");
        _;
    }

    /// @notice Allows or disallows an account to call settle.
    function setSubmitter(address submitter, bool allowed) external onlyOwner {
        isSubmitter[submitter] = allowed;
        emit SubmitterSet(submitter, allowed);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        require(newOwner != address(0), "SettlementBatcher: owner is the zero address");
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice Calls token.transferWithAuthorization(…, bytes signature) for every item; returns which succeeded.
    /// @dev A failing item's revert data is reported in SettlementFailed.reason (Error(string) from the token).
    function settle(address token, Authorization[] calldata items) external returns (bool[] memory outcomes) {
        require(msg.sender == owner || isSubmitter[msg.sender], "SettlementBatcher: caller is not a submitter");
        // A call to an address without code would revert the whole batch outside try/catch; say why instead.
        require(token.code.length > 0, "SettlementBatcher: token is not a contract");
        outcomes = new bool[](items.length);
        for (uint256 i = 0; i < items.length; ++i) {
            Authorization calldata item = items[i];
            uint256 gasBefore = gasleft();
            try IEip3009Transfer(token).transferWithAuthorization(
                item.from, item.to, item.value, item.validAfter, item.validBefore, item.nonce, item.signature
            ) {
                outcomes[i] = true;
                emit Settled(token, item.from, item.nonce, item.value);
            } catch (bytes memory reason) {
                // No revert data and (almost) all the forwarded gas gone: the item ran out of gas, which says
                // nothing about the payer. Fail the whole batch instead, so a transaction sent with too little
                // gas never reports good authorizations as failed, and eth_estimateGas (which searches for the
                // least gas that does not revert) covers every item.
                if (reason.length == 0 && gasleft() <= gasBefore / 63) {
                    revert("SettlementBatcher: out of gas");
                }
                emit SettlementFailed(token, item.from, item.nonce, reason);
            }
        }
    }
}

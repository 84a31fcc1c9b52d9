using Waterfall.Chain.Crypto;
using Waterfall.Chain.Primitives;

namespace Waterfall.Chain.Tests.Support;

/// <summary>
/// Two tiny contracts in hand-written EVM bytecode, so the chain tests can exercise logs, eth_call
/// return data and reverts before any Solidity toolchain is in the project.
/// </summary>
public static class TestContracts
{
    /// <summary>Topic 0 of the Echo logger: keccak256("Echo(bytes)"), matching AbiEvent "Echo(bytes data)".</summary>
    public static Bytes32 EchoTopic => Keccak256.HashUtf8("Echo(bytes)");

    /// <summary>Copies its calldata to memory, emits LOG1(EchoTopic) with the calldata as data, and returns the calldata.</summary>
    public static byte[] EchoLoggerRuntime =>
    [
        0x36,                   // CALLDATASIZE          size
        0x60, 0x00,             // PUSH1 0               calldata offset
        0x60, 0x00,             // PUSH1 0               memory offset
        0x37,                   // CALLDATACOPY          mem[0..size] = calldata
        0x7f, .. EchoTopic.Span, // PUSH32 topic
        0x36,                   // CALLDATASIZE          size
        0x60, 0x00,             // PUSH1 0               offset
        0xa1,                   // LOG1(offset, size, topic)
        0x36,                   // CALLDATASIZE          size
        0x60, 0x00,             // PUSH1 0               offset
        0xf3,                   // RETURN(offset, size)
    ];

    /// <summary>Reverts with its calldata as the revert data, so a test chooses the exact revert payload.</summary>
    public static byte[] ReverterRuntime =>
    [
        0x36, 0x60, 0x00, 0x60, 0x00, 0x37, // CALLDATACOPY(0, 0, CALLDATASIZE)
        0x36,                               // CALLDATASIZE          size
        0x60, 0x00,                         // PUSH1 0               offset
        0xfd,                               // REVERT(offset, size)
    ];

    /// <summary>Init code that deploys <paramref name="runtime"/>: CODECOPY it out of the init code and RETURN it.</summary>
    public static byte[] Deployment(byte[] runtime)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runtime.Length, 255);
        const byte prefixLength = 12;
        var length = (byte)runtime.Length;
        return
        [
            0x60, length,           // PUSH1 size
            0x60, prefixLength,     // PUSH1 offset of the runtime within this code
            0x60, 0x00,             // PUSH1 0               memory offset
            0x39,                   // CODECOPY(0, offset, size)
            0x60, length,           // PUSH1 size
            0x60, 0x00,             // PUSH1 0
            0xf3,                   // RETURN(0, size)
            .. runtime,
        ];
    }
}

namespace Waterfall.Chain.TypedData;

/// <summary>
/// The two EIP-3009 authorizations. They share their fields but have different type hashes, so a
/// signature for one can never be replayed as the other; receiveWithAuthorization additionally requires
/// msg.sender == to, which prevents front-running when a contract pulls the funds.
/// </summary>
public enum Eip3009Kind
{
    TransferWithAuthorization,
    ReceiveWithAuthorization,
}

using Waterfall.Contracts;

namespace Waterfall.FrontDoor.Services.Billing;

internal static class BillingReplies
{
    /// <summary>The grain's answer, or its refusal as the gRPC status with its reason.</summary>
    public static T Accepted<T>(Reply<T> reply) where T : class => reply.Receipt ?? throw RpcErrors.From(reply.Refusal!);
}

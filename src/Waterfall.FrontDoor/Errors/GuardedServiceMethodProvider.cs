using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Waterfall.FrontDoor;

/// <summary>
/// Binds each gRPC service like Grpc.AspNetCore's own binder does, but with request marshallers that
/// answer a body that is not the message (garbage, an overlong varint, a string that is not UTF-8) with
/// INVALID_ARGUMENT and reason MALFORMED_REQUEST. The message is read before any interceptor runs, so
/// the marshaller is the only place that sees the failure; left alone, it answers UNKNOWN and logs an
/// error with a stack trace per request. It replaces the built-in binder (see <see cref="FrontDoorExtensions"/>).
/// </summary>
internal sealed class GuardedServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = BindMethod(typeof(TService));
        bind?.Invoke(null, [new Binder(context), null]);
    }

    /// <summary>The generated <c>BindService(ServiceBinderBase, TServiceBase)</c>, named by the base class's <see cref="BindServiceMethodAttribute"/>.</summary>
    private static MethodInfo? BindMethod(Type service)
    {
        for (var type = service; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } attribute) continue;
            return attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var first, _] && first.ParameterType == typeof(ServiceBinderBase));
        }
        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Guarded(method), Metadata(method.Name, out var target, typeof(TRequest), typeof(ServerCallContext)),
                Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(target));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Guarded(method), Metadata(method.Name, out var target, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(target));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Guarded(method), Metadata(method.Name, out var target, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(target));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Guarded(method), Metadata(method.Name, out var target, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(target));

        /// <summary>As Grpc.AspNetCore does: the service's attributes, then the method's (higher priority), and POST only.</summary>
        private static List<object> Metadata(string name, out MethodInfo target, params Type[] parameters)
        {
            target = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(target.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }

        private static T Invoker<T>(MethodInfo target) where T : Delegate => (T)Delegate.CreateDelegate(typeof(T), target);
    }

    private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
        new(method.Type, method.ServiceName, method.Name, Guarded(method.RequestMarshaller), method.ResponseMarshaller);

    private static Marshaller<T> Guarded<T>(Marshaller<T> inner)
    {
        var deserialize = inner.ContextualDeserializer;
        return new Marshaller<T>(inner.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
            {
                // Google.Protobuf throws InvalidProtocolBufferException for bad wire data and a
                // DecoderFallbackException (an ArgumentException) for a string that is not UTF-8.
                throw RpcErrors.Malformed($"The request body is not a valid {typeof(T).Name}.");
            }
        });
    }
}

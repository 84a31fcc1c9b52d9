using System.Collections;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Waterfall.Fuzzing;

/// <summary>
/// Every unary method of every public gRPC service, sent valid protobuf with hostile values (built from the
/// method's own message descriptor) and invalid bytes (those messages mutated): never INTERNAL / UNKNOWN /
/// DATA_LOSS, never a stack trace in the status message, never a write to the victim wallet on a refusal.
/// </summary>
[Collection("fuzz")]
public sealed class GrpcFuzzTests(FuzzSilo silo)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly MethodDescriptor[] Methods = [.. typeof(Api.V1.WalletService).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(ServiceDescriptor))
        .SelectMany(p => ((ServiceDescriptor)p!.GetValue(null)!).Methods)
        .Where(m => !m.IsClientStreaming && !m.IsServerStreaming)];

    [Fact]
    public async Task Hostile_and_malformed_messages_to_every_unary_method_answer_a_status_and_write_nothing()
    {
        Assert.True(Methods.Length > 10, $"found only {Methods.Length} unary methods");
        var before = await silo.VictimSequenceAsync();
        var statuses = new Dictionary<StatusCode, int>();
        await FuzzBudget.RunAsync("gRPC", FuzzBudget.Seed(1701), async (random, _) =>
        {
            var method = Methods[random.Next(Methods.Length)];
            var message = Hostile(random, method.InputType, 0);
            var bytes = message.ToByteArray();
            if (random.Next(3) == 0) bytes = Mutations.MutateBytes(random, bytes);
            var input = $"{method.FullName} {Convert.ToHexString(bytes)}";

            var call = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Raw, Raw);
            var headers = new Metadata { { "authorization", $"Bearer {FuzzSilo.AdminKey}" } };
            StatusCode status;
            try
            {
                await silo.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), bytes).ResponseAsync;
                status = StatusCode.OK;
                before = await silo.VictimSequenceAsync();
            }
            catch (RpcException e)
            {
                status = e.StatusCode;
                Verdicts.NoStackTrace("gRPC", input, e.Status.Detail);
                Assert.False(status is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss, $"gRPC: {status} '{e.Status.Detail}' for {Verdicts.Show(input)}");
                await Verdicts.NothingWrittenAsync(silo, "gRPC", input, before);
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        });
        Console.WriteLine("gRPC statuses: " + string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")));
        Assert.True((await silo.Client.GetWalletAsync(silo.VictimWallet)).Sequence >= before, "the silo still answers after the run");
    }

    /// <summary>A message of the descriptor's type with every field set to a hostile value of its type; wallet ids often the victim's.</summary>
    private IMessage Hostile(Random random, MessageDescriptor descriptor, int depth)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap || random.Next(5) == 0) continue;
            // Wrapper types (Int64Value and kin) are plain nullable values in C#: the cast fails and the field stays unset.
            try
            {
                if (field.IsRepeated)
                {
                    var list = (IList)field.Accessor.GetValue(message);
                    for (var i = random.Next(4); i > 0; i--)
                        if (Value(random, field, depth) is { } item) list.Add(item);
                }
                else if (Value(random, field, depth) is { } value)
                {
                    field.Accessor.SetValue(message, value);
                }
            }
            catch (Exception e) when (e is InvalidCastException or ArgumentException)
            {
            }
        }
        return message;
    }

    private object? Value(Random random, FieldDescriptor field, int depth)
    {
        if (field.Name == "wallet_id" && random.Next(2) == 0) return silo.VictimWallet;
        return field.FieldType switch
        {
            FieldType.String => Mutations.HostileString(random),
            FieldType.Bytes => ByteString.CopyFrom(Mutations.MutateBytes(random, [1, 2, 3])),
            FieldType.Bool => random.Next(2) == 0,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Mutations.HostileLong(random),
            FieldType.UInt64 or FieldType.Fixed64 => (ulong)Mutations.HostileLong(random),
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Mutations.HostileLong(random),
            FieldType.UInt32 or FieldType.Fixed32 => (uint)Mutations.HostileLong(random),
            FieldType.Double => new[] { double.NaN, double.PositiveInfinity, -0.0, 1e308, -1 }[random.Next(5)],
            FieldType.Float => new[] { float.NaN, float.NegativeInfinity, 3e38f, -1f }[random.Next(4)],
            FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(3) == 0 ? random.Next(-5, 100) : random.Next(field.EnumType.Values.Count)),
            FieldType.Message when depth < 3 => Hostile(random, field.MessageType, depth + 1),
            _ => null,
        };
    }
}

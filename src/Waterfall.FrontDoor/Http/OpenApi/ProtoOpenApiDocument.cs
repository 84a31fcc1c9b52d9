using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Waterfall.FrontDoor.Http.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP/JSON API, written from the proto descriptors and their
/// <c>google.api.http</c> rules: the transcoded endpoints are not minimal-API endpoints, so the
/// framework's document generator does not see them. One operation per annotated rpc; request and
/// response schemas in proto3 JSON (lowerCamelCase names; requests also take the proto names, e.g.
/// <c>idempotency_key</c>); every refusal is a problem document with the gRPC ErrorInfo's <c>reason</c>.
/// </summary>
public static class ProtoOpenApiDocument
{
    /// <summary>The public services, in the order the document lists them.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        .. Api.V1.WalletsReflection.Descriptor.Services,
        .. Api.V1.PricingReflection.Descriptor.Services,
        .. Api.V1.KeysReflection.Descriptor.Services,
        .. Api.V1.TopupsReflection.Descriptor.Services,
        .. Api.V1.PlansReflection.Descriptor.Services,
        .. Api.V1.CustomersReflection.Descriptor.Services,
        .. Api.V1.CampaignsReflection.Descriptor.Services,
        .. Api.V1.InvoicesReflection.Descriptor.Services,
    ];

    /// <summary>An annotated rpc: its HTTP method (upper case), path template and body selector.</summary>
    public sealed record Route(MethodDescriptor Method, string HttpMethod, string Path, string Body);

    public static IEnumerable<Route> Routes(IEnumerable<ServiceDescriptor> services) =>
        from service in services
        from method in service.Methods
        let rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
        where rule is not null
        from binding in new[] { rule }.Concat(rule.AdditionalBindings)
        let route = RouteOf(method, binding)
        where route is not null
        select route;

    public static string Write() => Build(Services).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    public static JsonObject Build(IEnumerable<ServiceDescriptor> services)
    {
        var list = services.ToList();
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var route in Routes(list))
        {
            if (paths[route.Path] is not JsonObject item) paths[route.Path] = item = new JsonObject();
            item[route.HttpMethod.ToLowerInvariant()] = Operation(route, schemas);
        }
        schemas["Problem"] = ProblemSchema();
        var components = new JsonObject
        {
            ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["securitySchemes"] = new JsonObject
            {
                ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "A tenant API key (scope read, meter or admin), as for gRPC." },
                ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-api-key" },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Waterfall API",
                ["version"] = "v1",
                ["description"] = "Wallets, grants, holds, debits and the ledger over HTTP/JSON: every operation of the gRPC API (package waterfall.v1), transcoded. "
                    + "Amounts are exact integers (unit \"usd\" counts nano-dollars). Refusals are application/problem+json documents whose `reason` is the gRPC ErrorInfo reason.",
            },
            ["tags"] = new JsonArray([.. list.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["description"] = $"gRPC service {s.FullName}" })]),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = components,
        };
    }

    private static Route? RouteOf(MethodDescriptor method, HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => new Route(method, "GET", rule.Get, rule.Body),
        HttpRule.PatternOneofCase.Post => new Route(method, "POST", rule.Post, rule.Body),
        HttpRule.PatternOneofCase.Put => new Route(method, "PUT", rule.Put, rule.Body),
        HttpRule.PatternOneofCase.Delete => new Route(method, "DELETE", rule.Delete, rule.Body),
        HttpRule.PatternOneofCase.Patch => new Route(method, "PATCH", rule.Patch, rule.Body),
        HttpRule.PatternOneofCase.Custom => new Route(method, rule.Custom.Kind.ToUpperInvariant(), rule.Custom.Path, rule.Body),
        _ => null,
    };

    private static JsonObject Operation(Route route, IDictionary<string, JsonNode> schemas)
    {
        var input = route.Method.InputType;
        var pathFields = PathFields(route.Path).ToHashSet(StringComparer.Ordinal);
        var parameters = new JsonArray();
        foreach (var name in pathFields)
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = FieldSchema(FieldByPath(input, name)!, schemas) });
        if (string.IsNullOrEmpty(route.Body))
            foreach (var (name, field) in QueryFields(input, "", pathFields))
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["schema"] = FieldSchema(field, schemas) });

        var operation = new JsonObject
        {
            ["operationId"] = $"{route.Method.Service.Name}_{route.Method.Name}",
            ["summary"] = route.Method.Name,
            ["description"] = $"gRPC {route.Method.Service.FullName}/{route.Method.Name}.",
            ["tags"] = new JsonArray(route.Method.Service.Name),
            ["parameters"] = parameters,
        };
        if (!string.IsNullOrEmpty(route.Body))
        {
            var bodyType = route.Body == "*" ? input : input.FindFieldByName(route.Body).MessageType;
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(bodyType, schemas) } },
            };
        }
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = route.Method.OutputType.Name,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(route.Method.OutputType, schemas) } },
            },
            ["default"] = new JsonObject
            {
                ["description"] = "Refused: a problem document; `reason` is the gRPC ErrorInfo reason (e.g. INSUFFICIENT_FUNDS, WALLET_NOT_FOUND).",
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
            },
        };
        return operation;
    }

    /// <summary>The field paths a template binds: <c>/v1/wallets/{wallet_id}/holds/{hold_id}:capture</c> → wallet_id, hold_id.</summary>
    public static IEnumerable<string> PathFields(string template)
    {
        for (var start = template.IndexOf('{'); start >= 0; start = template.IndexOf('{', start + 1))
        {
            var end = template.IndexOf('}', start);
            var variable = template[(start + 1)..end];
            yield return variable.Split('=')[0];
        }
    }

    private static FieldDescriptor? FieldByPath(MessageDescriptor message, string path)
    {
        FieldDescriptor? field = null;
        foreach (var part in path.Split('.'))
        {
            field = message.FindFieldByName(part);
            if (field is null) return null;
            if (field.FieldType == FieldType.Message) message = field.MessageType;
        }
        return field;
    }

    /// <summary>Query parameters of a body-less call: every scalar field not bound by the path, nested messages flattened (<c>amount.value</c>).</summary>
    private static IEnumerable<(string Name, FieldDescriptor Field)> QueryFields(MessageDescriptor message, string prefix, ISet<string> bound)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var name = prefix + field.Name;
            if (bound.Contains(name) || field.IsMap) continue;
            if (field.FieldType == FieldType.Message && !IsWellKnownScalar(field.MessageType))
            {
                if (field.IsRepeated || prefix.Count(c => c == '.') >= 2) continue;
                foreach (var nested in QueryFields(field.MessageType, name + ".", bound)) yield return nested;
                continue;
            }
            yield return (name, field);
        }
    }

    private static bool IsWellKnownScalar(MessageDescriptor message) => message.FullName is
        "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.StringValue" or "google.protobuf.Int64Value"
        or "google.protobuf.Int32Value" or "google.protobuf.BoolValue" or "google.protobuf.FieldMask";

    private static JsonObject Reference(MessageDescriptor message, IDictionary<string, JsonNode> schemas)
    {
        if (WellKnown(message) is { } inline) return inline;
        var name = message.FullName.Replace("waterfall.v1.", "", StringComparison.Ordinal);
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = new JsonObject(); // placeholder first: messages may refer to themselves
            schemas[name] = MessageSchema(message, schemas);
        }
        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    private static JsonObject MessageSchema(MessageDescriptor message, IDictionary<string, JsonNode> schemas)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InFieldNumberOrder())
            properties[field.JsonName] = FieldSchema(field, schemas);
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        var oneofs = message.Oneofs.Where(o => !o.IsSynthetic).ToList();
        if (oneofs.Count > 0)
            schema["description"] = string.Join(" ", oneofs.Select(o => $"At most one of {string.Join(", ", o.Fields.Select(f => f.JsonName))} ({o.Name})."));
        return schema;
    }

    private static JsonObject FieldSchema(FieldDescriptor field, IDictionary<string, JsonNode> schemas)
    {
        if (field.IsMap)
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(field.MessageType.FindFieldByNumber(2), schemas) };
        var single = field.FieldType switch
        {
            FieldType.String => new JsonObject { ["type"] = "string" },
            FieldType.Bool => new JsonObject { ["type"] = "boolean" },
            FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32", ["minimum"] = 0 },
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
            FieldType.Double or FieldType.Float => new JsonObject { ["type"] = "number" },
            FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => (JsonNode)v.Name)]) },
            FieldType.Message => Reference(field.MessageType, schemas),
            _ => new JsonObject(),
        };
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = single } : single;
    }

    private static JsonObject? WellKnown(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["description"] = "Seconds with an s suffix, e.g. \"300s\"", ["pattern"] = "^-?[0-9]+(\\.[0-9]{1,9})?s$" },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string" },
        "google.protobuf.StringValue" => new JsonObject { ["type"] = new JsonArray("string", "null") },
        "google.protobuf.BoolValue" => new JsonObject { ["type"] = new JsonArray("boolean", "null") },
        "google.protobuf.Int32Value" or "google.protobuf.Int64Value" => new JsonObject { ["type"] = new JsonArray("integer", "null") },
        "google.protobuf.Struct" or "google.protobuf.Any" => new JsonObject { ["type"] = "object" },
        "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
        _ => null,
    };

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem document.",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string", ["description"] = "The reason, again." },
            ["status"] = new JsonObject { ["type"] = "integer", ["description"] = "The HTTP status of the gRPC code (NOT_FOUND 404, INVALID_ARGUMENT 400, UNAUTHENTICATED 401, FAILED_PRECONDITION 409, ...)." },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["reason"] = new JsonObject { ["type"] = "string", ["description"] = "The gRPC ErrorInfo reason: INSUFFICIENT_FUNDS, WALLET_NOT_FOUND, INVALID_ARGUMENT, MALFORMED_REQUEST, UNAUTHENTICATED, ..." },
            ["domain"] = new JsonObject { ["type"] = "string", ["const"] = RpcErrors.Domain },
            ["metadata"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
            ["violations"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["field"] = new JsonObject { ["type"] = "string" }, ["description"] = new JsonObject { ["type"] = "string" } },
                },
            },
        },
    };
}

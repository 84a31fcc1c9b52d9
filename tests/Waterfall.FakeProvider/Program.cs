using Waterfall.FakeProvider;
using Waterfall.FakeProvider.Hosting;

// `dotnet run --project tests/Waterfall.FakeProvider -- --urls http://127.0.0.1:5090`
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Kestrel warns that a cleartext endpoint cannot do HTTP/2; CleartextHttp2 makes it able to.
builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:5090");
var defaults = new FakeProviderOptions();
var options = defaults with
{
    AcceptAnyKey = builder.Configuration.GetValue("FakeProvider:AcceptAnyKey", false),
    // Nobody reads the log of a standalone fake but a benchmark's audit: keep it small.
    MaxRecordedRequests = builder.Configuration.GetValue("FakeProvider:MaxRecordedRequests", 10_000),
    OpenAIKeys = builder.Configuration["FakeProvider:OpenAIKey"] is { Length: > 0 } openAIKey ? [openAIKey] : defaults.OpenAIKeys,
    AnthropicKeys = builder.Configuration["FakeProvider:AnthropicKey"] is { Length: > 0 } anthropicKey ? [anthropicKey] : defaults.AnthropicKeys,
};
var (app, _) = FakeProviderApp.Build(builder, options);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var keys = options.AcceptAnyKey
        ? "any key"
        : $"OpenAI key {string.Join(", ", options.OpenAIKeys)} (Authorization: Bearer), Anthropic key {string.Join(", ", options.AnthropicKeys)} (x-api-key)";
    Console.WriteLine($"Fake provider listening on {string.Join(", ", app.Urls)}/v1, accepting {keys}.");
});
app.Run();

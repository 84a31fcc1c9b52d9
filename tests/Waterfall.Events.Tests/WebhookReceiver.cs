using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using Waterfall.TestSupport;

namespace Waterfall.Events.Tests;

/// <summary>
/// A platform's webhook receiver on 127.0.0.1 (Kestrel): checks every request's Standard Webhooks
/// signature with the secret the endpoint was given, records what verified, and answers 503 while "down".
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Id, string Type, string? WalletId, long Position, long Sequence, string Body, Dictionary<string, string> Headers);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Secret { get; set; } = "";
    public volatile bool Down;
    public ConcurrentQueue<Received> Delivered { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();
    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Only this listener: a test whose output holds the silo's appsettings would otherwise bind the silo's Kestrel endpoints.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://127.0.0.1:{TestPorts.Next()}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            if (receiver.Down) return Results.StatusCode(503);
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                new StandardWebhook(receiver.Secret).Verify(body, request.Headers);
            }
            catch (Exception ex)
            {
                receiver.Rejected.Enqueue(ex.Message);
                return Results.StatusCode(401);
            }
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.GetProperty("id").GetString() != request.Headers["webhook-id"].ToString()) return Results.StatusCode(400);
            receiver.Delivered.Enqueue(new Received(root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!,
                root.TryGetProperty("wallet_id", out var w) ? w.GetString() : null, root.GetProperty("position").GetInt64(),
                root.GetProperty("sequence").GetInt64(), body,
                new[] { "webhook-id", "webhook-timestamp", "webhook-signature" }.ToDictionary(h => h, h => request.Headers[h].ToString())));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hooks";
        return receiver;
    }

    public IEnumerable<Received> OfType(string type) => Delivered.Where(d => d.Type == type);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using Microsoft.Extensions.Hosting;
using Waterfall.Gateway.Protocols;
using Waterfall.Gateway.Upstreams;

namespace Waterfall.Gateway;

/// <summary>
/// Loads the tokenizers' vocabularies in the background as the host starts: without it, the first burst of
/// calls starves the thread pool waiting on the lazy load (measured by the gateway benchmark at cold start).
/// Only where the gateway has an upstream to call: the two vocabularies are ~30 MB and ~650,000 long-lived
/// objects that every full collection walks (docs/performance.md, "The tail"), and a silo that serves no model
/// needs them at most for a token count, which still loads them on first use.
/// </summary>
internal sealed class TokenizerPreload(UpstreamDirectory upstreams) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        upstreams.All.Count == 0 ? Task.CompletedTask : Task.Run(TokenCounter.Shared.Preload, stoppingToken);
}

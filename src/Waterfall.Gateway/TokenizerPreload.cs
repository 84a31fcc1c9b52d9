using Microsoft.Extensions.Hosting;
using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway;

/// <summary>
/// Loads the tokenizers' vocabularies in the background as the host starts: without it, the first burst of
/// calls starves the thread pool waiting on the lazy load (measured by the gateway benchmark at cold start).
/// </summary>
internal sealed class TokenizerPreload : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(TokenCounter.Shared.Preload, stoppingToken);
}

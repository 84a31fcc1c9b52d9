using Microsoft.Extensions.Options;
using Waterfall.Gateway.Protocols;

namespace Waterfall.Gateway.Upstreams;

/// <summary>
/// Which upstream serves a catalog provider. Read once from <see cref="GatewayOptions"/>: a provider is
/// served when it has an entry (a key with the provider's public URL, or a URL of its own) or when the
/// shared <see cref="GatewayOptions.Upstream"/> is set; otherwise its models are not offered.
/// </summary>
public sealed class UpstreamDirectory
{
    private static readonly Dictionary<string, (string Url, WireProtocol Protocol)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = ("https://api.openai.com/", WireProtocol.OpenAi),
        ["anthropic"] = ("https://api.anthropic.com/", WireProtocol.Anthropic),
        ["deepseek"] = ("https://api.deepseek.com/", WireProtocol.OpenAi),
        ["xai"] = ("https://api.x.ai/", WireProtocol.OpenAi),
    };

    private readonly Dictionary<string, Upstream> _byProvider = new(StringComparer.OrdinalIgnoreCase);

    public UpstreamDirectory(IOptions<GatewayOptions> options)
    {
        var gateway = options.Value;
        if (gateway.Upstream is { Length: > 0 } shared)
            foreach (var (provider, known) in Known)
                _byProvider[provider] = new Upstream(provider, RootUrl(shared, "Waterfall:Gateway:Upstream"), known.Protocol, null);

        foreach (var (provider, entry) in gateway.Providers)
        {
            var known = Known.GetValueOrDefault(provider);
            var url = entry.BaseUrl is { Length: > 0 } given ? given
                : _byProvider.TryGetValue(provider, out var fromShared) ? fromShared.BaseUrl.ToString()
                : known.Url ?? throw new InvalidOperationException($"Waterfall:Gateway:Providers:{provider} needs a BaseUrl: '{provider}' has no public default.");
            var protocol = entry.Protocol switch
            {
                null or "" when known.Url is not null => known.Protocol,
                null or "" => throw new InvalidOperationException($"Waterfall:Gateway:Providers:{provider} needs a Protocol (openai or anthropic)."),
                var p when p.Equals("openai", StringComparison.OrdinalIgnoreCase) => WireProtocol.OpenAi,
                var p when p.Equals("anthropic", StringComparison.OrdinalIgnoreCase) => WireProtocol.Anthropic,
                var p => throw new InvalidOperationException($"Waterfall:Gateway:Providers:{provider}:Protocol is '{p}'; it must be openai or anthropic."),
            };
            _byProvider[provider] = new Upstream(provider, RootUrl(url, $"Waterfall:Gateway:Providers:{provider}:BaseUrl"), protocol, entry.ApiKey is { Length: > 0 } key ? key : null);
        }
    }

    public IReadOnlyCollection<Upstream> All => _byProvider.Values;

    public Upstream? For(string provider) => _byProvider.GetValueOrDefault(provider);

    private static Uri RootUrl(string text, string setting)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{setting} must be an absolute http(s) URL; it is '{text}'.");
        // The path is appended relative to the root: keep a trailing slash so "v1/..." lands under it.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }
}

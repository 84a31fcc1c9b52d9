using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Waterfall.Contracts.Dashboard;

namespace Waterfall.Dashboard.Session;

/// <summary>
/// Data protection's key store on the cluster's key ring grain instead of a local directory, so every silo protects
/// and unprotects session cookies with the same keys. Data protection calls this synchronously and rarely (at the
/// first use, then when its cache of the ring expires, about daily), from request threads, never from a grain.
/// </summary>
public sealed class GrainKeyRepository(IGrainFactory grains) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        grains.DashboardKeyRing().Keys().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        grains.DashboardKeyRing().Store(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}

using Microsoft.AspNetCore.Http;
using Waterfall.Contracts.Billing;
using Waterfall.Dashboard.Components;
using Waterfall.Domain.Plans;

namespace Waterfall.Dashboard.Pages;

/// <summary>
/// Customers with their subscriptions and wallets' balances, plans with their versions, and campaigns with their
/// redemption statistics: each read from the grain the billing API reads (<c>GetCustomer</c>, <c>GetPlan</c>,
/// <c>GetCampaign</c>); the tenant's billing and campaign directories say which exist. Customers a page at a time.
/// </summary>
internal static class CustomersPage
{
    public const int PageSize = 25;

    public static async Task<IResult> ShowAsync(HttpContext http, IGrainFactory grains, int? page)
    {
        var user = http.User();
        var directory = grains.BillingDirectory(user.TenantId);
        var customerIds = await directory.Customers();
        var pages = Math.Max(1, (customerIds.Length + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, pages);
        var customers = await Task.WhenAll(customerIds.Skip((number - 1) * PageSize).Take(PageSize).Select(id => grains.Customer(user.TenantId, id).Get()));
        var plans = await Task.WhenAll((await directory.Plans()).Select(id => grains.Plan(user.TenantId, id).Get()));
        var campaigns = await Task.WhenAll((await grains.Campaigns(user.TenantId).List()).Select(id => grains.Campaign(user.TenantId, id).Get()));
        return http.Page<CustomersView>(new
        {
            Frame = http.Frame("Customers & plans", "customers"),
            Customers = customers.Select(c => c.Receipt).OfType<CustomerView>().ToList(),
            Plans = plans.Select(p => p.Receipt).OfType<Plan>().ToList(),
            Campaigns = campaigns.Select(c => c.Receipt).OfType<CampaignView>().ToList(),
            Page = number, Pages = pages, Total = customerIds.Length,
        });
    }
}

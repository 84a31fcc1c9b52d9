using Microsoft.Extensions.Options;
using Waterfall.Silo;
using Waterfall.Silo.Commands;

try
{
    // `migrate` brings the configured store's schema up to date and exits; anything else runs the silo.
    if (args.Length > 0 && args[0] == "migrate")
    {
        try
        {
            return await StoreConfiguration.MigrateAsync(SiloHost.Configuration(args[1..]), Console.Out);
        }
        catch (SiloStartupException ex)
        {
            await Console.Error.WriteLineAsync($"migrate failed: {ex.Message}");
            return 1;
        }
    }

    // `chain deploy` and `x402 pay` are developer tools for a local chain (see the README's top-up walkthrough).
    if (args.Length > 0 && args[0] is "chain" or "x402")
        return await ChainCommands.RunAsync(args, Console.Out, Console.Error);

    // `export journal` and `export trial-balance` read the configured store's ledger (see docs/finance.md).
    if (args.Length > 0 && args[0] == "export")
        return await FinanceCommands.RunAsync(args, SiloHost.Configuration(args.Length > 2 ? args[2..] : []), Console.Out, Console.Error);

    var app = SiloHost.Build(args);
    // Configuration mistakes end here with the failing keys, before the host logs them as a crash with a stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is SiloStartupException or OptionsValidationException
    || (ex is InvalidOperationException && ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)))
{
    await Console.Error.WriteLineAsync($"Waterfall cannot start: {ex.Message}");
    return 1;
}

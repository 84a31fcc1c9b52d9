using Waterfall.Silo;
using Waterfall.Silo.Commands;

// `migrate` brings the configured store's schema up to date and exits; anything else runs the silo.
if (args.Length > 0 && args[0] == "migrate")
    return await StoreConfiguration.MigrateAsync(SiloHost.Configuration(args[1..]), Console.Out);

// `chain deploy` and `x402 pay` are developer tools for a local chain (see the README's top-up walkthrough).
if (args.Length > 0 && args[0] is "chain" or "x402")
    return await ChainCommands.RunAsync(args, Console.Out, Console.Error);

await SiloHost.Build(args).RunAsync();
return 0;

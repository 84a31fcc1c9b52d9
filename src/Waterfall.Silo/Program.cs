using Waterfall.Silo;

// `migrate` brings the configured store's schema up to date and exits; anything else runs the silo.
if (args.Length > 0 && args[0] == "migrate")
    return await StoreConfiguration.MigrateAsync(SiloHost.Configuration(args[1..]), Console.Out);

await SiloHost.Build(args).RunAsync();
return 0;

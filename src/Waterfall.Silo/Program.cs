using Waterfall.Silo;

// `migrate` brings the configured store's schema up to date and exits; anything else runs the silo.
if (args.Length > 0 && args[0] == "migrate")
{
    var configuration = SiloHost.Configuration(args[1..]);
    return StoreConfiguration.Migrate(configuration, Console.Out);
}

await SiloHost.Build(args).RunAsync();
return 0;

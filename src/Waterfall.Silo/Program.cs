using Waterfall.Silo;

await SiloHost.Build(args).RunAsync();

using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Trace;
using Waterfall.Storage.Postgres;
using Waterfall.TestSupport;

namespace Waterfall.FrontDoor.Tests.Operations;

/// <summary>
/// The silo on PostgreSQL (with a password in its connection string, which the test server's trust auth ignores),
/// logging everything at Debug into the base fixture's <see cref="SiloFixture.Logs"/> and exporting every span into <see cref="Spans"/>.
/// </summary>
public sealed class ObservedSiloFixture : SiloFixture
{
    public const string PostgresPassword = "pg-secret-0f3b7c1d";

    private readonly PostgresFixture _postgres = new();

    public List<Activity> Spans { get; } = [];

    public Activity[] SpansSoFar() { lock (Spans) return [.. Spans]; }

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await _postgres.InitializeAsync();
        var connectionString = await _postgres.CreateDatabaseAsync();
        await new PostgresMigrator().MigrateAsync(connectionString);
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Orleans", "Npgsql", "Grpc", "Polly", "System.Net.Http.HttpClient", "Waterfall" })
            settings[$"Logging:LogLevel:{category}"] = "Debug";
        settings["Waterfall:Telemetry:Tracing"] = "true";
        settings["Waterfall:Store:Kind"] = "postgres";
        settings["Waterfall:Store:Postgres:ConnectionString"] = new NpgsqlConnectionStringBuilder(connectionString) { Password = PostgresPassword }.ToString();
    }

    protected override void ConfigureHost(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter(_ => true);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new LockedList(Spans)));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    /// <summary>The exporter adds from the threads spans end on; tests read while it does.</summary>
    private sealed class LockedList(List<Activity> inner) : ICollection<Activity>
    {
        public int Count { get { lock (inner) return inner.Count; } }
        public bool IsReadOnly => false;
        public void Add(Activity item) { lock (inner) inner.Add(item); }
        public void Clear() { lock (inner) inner.Clear(); }
        public bool Contains(Activity item) { lock (inner) return inner.Contains(item); }
        public void CopyTo(Activity[] array, int arrayIndex) { lock (inner) inner.CopyTo(array, arrayIndex); }
        public bool Remove(Activity item) { lock (inner) return inner.Remove(item); }
        public IEnumerator<Activity> GetEnumerator() { lock (inner) return inner.ToList().GetEnumerator(); }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

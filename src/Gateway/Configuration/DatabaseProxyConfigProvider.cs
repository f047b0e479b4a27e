using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// YARP's configuration, rebuilt from each published snapshot: the client-facing routes of the three API shapes, and
/// one cluster whose destinations are the enabled backends. Which backend serves a request is the gateway's own
/// choice (<see cref="ForwardingMiddleware"/>); YARP forwards to it.
/// </summary>
public sealed class DatabaseProxyConfigProvider : IProxyConfigProvider, IDisposable
{
    public const string ClusterId = "model-backends";
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly GatewaySnapshotStore _store;
    private volatile ProxyConfig _config;

    public DatabaseProxyConfigProvider(GatewaySnapshotStore store, IOptionsMonitor<GatewayOptions> options)
    {
        _store = store;
        _options = options;
        _config = Build(store.Current);
        store.Published += OnPublished;
    }

    public IProxyConfig GetConfig() => _config;

    public void Dispose() => _store.Published -= OnPublished;

    private void OnPublished(GatewaySnapshot snapshot)
    {
        var previous = _config;
        _config = Build(snapshot);
        previous.SignalChange();
    }

    private ProxyConfig Build(GatewaySnapshot snapshot)
    {
        var destinations = snapshot.Backends.Values.ToDictionary(
            b => b.DestinationId,
            b => new DestinationConfig
            {
                // The real URL is built per request (the {self} prefix is only known once the server listens).
                Address = b.BaseUrl.StartsWith(Backends.SelfAddress.Token, StringComparison.Ordinal) ? "http://localhost/" : b.BaseUrl,
                Metadata = new Dictionary<string, string> { ["backend"] = b.Name },
            },
            StringComparer.Ordinal);

        var cluster = new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = destinations,
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(_options.CurrentValue.BackendTimeoutSeconds) },
        };
        List<RouteConfig> routes =
        [
            Route("azure-classic", "/openai/deployments/{alias}/{**operation}", GatewaySurface.AzureClassic),
            Route("azure-v1", "/openai/v1/{**operation}", GatewaySurface.AzureV1),
            Route("openai-v1", "/v1/{**operation}", GatewaySurface.OpenAIV1),
        ];
        foreach (var collection in StatefulApis.StatefulRouteTable.Collections.Keys)
        {
            routes.Add(StatefulRoute("openai-v1", "/v1/", collection, GatewaySurface.OpenAIV1));
            routes.Add(StatefulRoute("azure-v1", "/openai/v1/", collection, GatewaySurface.AzureV1));
            routes.Add(StatefulRoute("azure", "/openai/", collection, GatewaySurface.AzureClassic));
        }

        return new ProxyConfig(routes, [cluster]);
    }

    private static RouteConfig Route(string id, string path, GatewaySurface surface) => new()
    {
        RouteId = id,
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = path, Methods = ["POST"] },
        Metadata = new Dictionary<string, string> { [GatewayContextMiddleware.SurfaceMetadataKey] = surface.ToString() },
    };

    /// <summary>A stateful collection (files, responses...): its own route, for GET and DELETE too, served by StatefulApis.</summary>
    private static RouteConfig StatefulRoute(string prefixId, string prefix, string collection, GatewaySurface surface) => new()
    {
        RouteId = $"{prefixId}-{collection}",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = $"{prefix}{collection}/{{**stateful}}", Methods = ["GET", "POST", "DELETE"] },
        Metadata = new Dictionary<string, string>
        {
            [GatewayContextMiddleware.SurfaceMetadataKey] = surface.ToString(),
            [GatewayContextMiddleware.StatefulMetadataKey] = collection,
        },
    };

    // The token source lives as long as YARP may hold the config; cancelling it is its end, so it is not disposed.
#pragma warning disable CA1001
    private sealed class ProxyConfig : IProxyConfig
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _changed = new();

        public ProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
        {
            Routes = routes;
            Clusters = clusters;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public IReadOnlyList<RouteConfig> Routes { get; }
        public IReadOnlyList<ClusterConfig> Clusters { get; }
        public IChangeToken ChangeToken { get; }

        public void SignalChange() => _changed.Cancel();
    }
}

using Yarp.ReverseProxy.Configuration;

// A bare YARP proxy: every request goes, unchanged, to the one backend named by --Backend.
var builder = WebApplication.CreateBuilder(args);
var backend = builder.Configuration["Backend"]
    ?? throw new InvalidOperationException("Pass the backend's base address: --Backend http://127.0.0.1:PORT/");

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig
        {
            RouteId = "all",
            ClusterId = "backend",
            Match = new RouteMatch { Path = "{**catch-all}" },
        },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "backend",
            Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
            {
                ["backend"] = new DestinationConfig { Address = backend },
            },
        },
    ]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();

using AiGateway.Gateway.Capacity;

namespace AiGateway.Portal.Api;

public static class CapacityApi
{
    public static RouteGroupBuilder MapCapacityApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/capacity/queues", (IServiceProvider services) =>
                (services.GetService(typeof(CapacityQueues)) as CapacityQueues)?.Figures() ?? [])
            .WithTags("Capacity")
            .WithDescription(
                "This replica's capacity queues, per alias and class (Normal, Low): requests waiting now, the median and 95th percentile wait "
                + "of the last 256 that left the queue, and the requests shed at their deadline or refused with a full queue since it started. "
                + "Empty on a replica that does not serve the gateway.");
        return admin;
    }
}

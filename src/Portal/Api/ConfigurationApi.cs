using System.Security.Claims;
using System.Text;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

/// <summary>Configuration as code: the whole configuration as one YAML document, exported, compared and applied.</summary>
public static class ConfigurationApi
{
    /// <summary>A document for hundreds of teams and deployments stays well under this; the other admin calls keep their smaller limit.</summary>
    public const long MaxDocumentBytes = 4 * 1024 * 1024;

    public static RouteGroupBuilder MapConfigurationApi(this RouteGroupBuilder admin)
    {
        var configuration = admin.MapGroup("/configuration").WithTags("Configuration");
        configuration.MapGet("/", async (GatewayConfigurationService service, CancellationToken ct) =>
                TypedResults.Text(ConfigurationYaml.Serialize(await service.ExportAsync(ct)), ConfigurationYaml.MediaType, Encoding.UTF8))
            .WithDescription("The whole configuration as one YAML document: backends (with their deployments, keys named by reference, never exported), aliases with their targets, teams with their members and quota policies.")
            .Produces<string>(StatusCodes.Status200OK, ConfigurationYaml.MediaType);
        configuration.MapPut("/", async Task<Ok<ConfigurationPlan>> (
                HttpRequest request, bool? dryRun, long? expectedVersion, GatewayConfigurationService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var document = ConfigurationYaml.Deserialize(await reader.ReadToEndAsync(ct));
                return TypedResults.Ok(await service.ApplyAsync(document, user.ActorName(), dryRun ?? false, expectedVersion, ct));
            })
            .WithMetadata(new AdminApi.RequestSizeLimitMetadata(MaxDocumentBytes))
            .Accepts<string>(ConfigurationYaml.MediaType, "application/json")
            .WithDescription(
                "Brings the configuration to the YAML (or JSON) document in the body: what it names is created or updated, what it leaves out is deleted " +
                "(a deleted team's keys with it). Answers the plan: every change, with the fields an update changes. dryRun=true only plans. " +
                "expectedVersion refuses with 409 when the configuration changed since the plan. All or nothing, audited, one configuration version. " +
                "A backend's apiKey may be sent resolved; absent, a backend keeps its stored key.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }
}

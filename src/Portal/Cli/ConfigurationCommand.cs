using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Configuration;

namespace AiGateway.Portal.Cli;

/// <summary>
/// <c>config export|diff|apply</c>: configuration as code against a running gateway's management API, so the
/// configuration can live in Git and reach an instance from a pipeline.
/// </summary>
public sealed class ConfigurationCommand(HttpMessageHandler handler, Func<string, string?> environment, TextWriter output, TextWriter errors)
{
    public const string UrlVariable = "AIGW_URL";
    public const string TokenVariable = "AIGW_TOKEN";

    /// <summary>The exit code of <c>diff</c> when the file and the instance differ, as <c>diff</c> and <c>git diff --exit-code</c> do.</summary>
    public const int DifferencesFound = 2;

    public const string Usage = """
        usage: AiGateway.Portal config export [--output FILE]
               AiGateway.Portal config diff FILE
               AiGateway.Portal config apply FILE [--dry-run] [--expected-version N]
        options: --url URL (or AIGW_URL) the gateway; --token TOKEN (or AIGW_TOKEN) an admin bearer token.
        A backend's apiKeySecret (env:NAME or keyvault:https://<vault>.vault.azure.net/secrets/<name>) is read where the command runs.
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Runs the command on the process's own environment and console.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var handler = new SocketsHttpHandler();
        return await new ConfigurationCommand(handler, Environment.GetEnvironmentVariable, Console.Out, Console.Error).RunAsync(args, CancellationToken.None);
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        try
        {
            var options = CommandOptions.Parse(args);
            using var client = CreateClient(options);
            return options.Verb switch
            {
                "export" => await ExportAsync(client, options, ct),
                "diff" => await PlanAsync(client, options, dryRun: true, ct) ? DifferencesFound : 0,
                "apply" => await ApplyAsync(client, options, ct),
                _ => throw new CommandException($"Unknown command 'config {options.Verb}'.", showUsage: true),
            };
        }
        catch (CommandException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            if (e.ShowUsage)
            {
                await errors.WriteLineAsync(Usage);
            }

            return 1;
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"error: the gateway could not be reached: {e.Message}");
            return 1;
        }
    }

    private HttpClient CreateClient(CommandOptions options)
    {
        var url = options.Url ?? environment(UrlVariable)
            ?? throw new CommandException($"Missing the gateway's address: pass --url or set {UrlVariable}.");
        var token = options.Token ?? environment(TokenVariable)
            ?? throw new CommandException($"Missing an admin token: pass --token or set {TokenVariable}.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw new CommandException($"'{url}' is not an http or https address.");
        }

        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<int> ExportAsync(HttpClient client, CommandOptions options, CancellationToken ct)
    {
        using var response = await client.GetAsync("api/admin/configuration", ct);
        var yaml = await ReadAsync(response, ct);
        if (options.Output is null)
        {
            await output.WriteAsync(yaml);
        }
        else
        {
            await File.WriteAllTextAsync(options.Output, yaml, ct);
            await output.WriteLineAsync($"Wrote the configuration to {options.Output}.");
        }

        return 0;
    }

    private async Task<int> ApplyAsync(HttpClient client, CommandOptions options, CancellationToken ct)
    {
        await PlanAsync(client, options, options.DryRun, ct);
        return 0;
    }

    /// <summary>Sends the file for a plan (or an apply) and prints it; true when there were changes.</summary>
    private async Task<bool> PlanAsync(HttpClient client, CommandOptions options, bool dryRun, CancellationToken ct)
    {
        var file = options.File ?? throw new CommandException($"Missing the configuration file: config {options.Verb} FILE.", showUsage: true);
        if (!File.Exists(file))
        {
            throw new CommandException($"There is no file '{file}'.");
        }

        GatewayConfigurationDocument document;
        try
        {
            document = ConfigurationYaml.Deserialize(await File.ReadAllTextAsync(file, ct));
        }
        catch (RequestValidationException e)
        {
            throw new CommandException($"{file}: {string.Join(" ", e.Errors.SelectMany(x => x.Value))}");
        }

        await new BackendSecretResolver(environment, errors).ResolveAsync(document, ct);
        var query = $"api/admin/configuration?dryRun={(dryRun ? "true" : "false")}"
            + (options.ExpectedVersion is { } expected ? $"&expectedVersion={expected}" : "");
        using var content = new StringContent(ConfigurationYaml.Serialize(document), Encoding.UTF8, ConfigurationYaml.MediaType);
        using var response = await client.PutAsync(query, content, ct);
        var plan = JsonSerializer.Deserialize<ConfigurationPlan>(await ReadAsync(response, ct), Json)
            ?? throw new CommandException("The gateway answered an empty plan.");
        await PrintAsync(plan, dryRun);
        return plan.HasChanges;
    }

    private async Task PrintAsync(ConfigurationPlan plan, bool dryRun)
    {
        int Count(string action) => plan.Changes.Count(c => c.Action == action);
        await output.WriteLineAsync(
            $"Against configuration version {plan.BasedOnVersion}: {Count("Create")} to create, {Count("Update")} to update, {Count("Delete")} to delete.");
        foreach (var change in plan.Changes)
        {
            var sign = change.Action switch { "Create" => "+", "Delete" => "-", _ => "~" };
            var fields = string.Join(", ", change.Fields.Select(f => $"{f.Field}: {f.From ?? "(none)"} -> {f.To ?? "(none)"}"));
            await output.WriteLineAsync($"  {sign} {change.Kind} {change.Name}{(fields.Length > 0 ? $" ({fields})" : "")}");
        }

        if (plan.Applied)
        {
            await output.WriteLineAsync($"Applied: the configuration is now version {plan.Version}.");
        }
        else if (plan.HasChanges && dryRun)
        {
            await output.WriteLineAsync($"Dry run: nothing was changed. To apply this plan only if nothing changed meanwhile, add --expected-version {plan.BasedOnVersion}.");
        }
        else if (!plan.HasChanges)
        {
            await output.WriteLineAsync("The instance already matches the file.");
        }
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw new CommandException(response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the gateway refused the token ({(int)response.StatusCode}); it needs the Admin role.",
            _ => $"the gateway answered {(int)response.StatusCode}: {Problem(body)}",
        });
    }

    /// <summary>A problem's detail and each field error, one line per error, so an operator sees every mistake at once.</summary>
    private static string Problem(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            var lines = new List<string>();
            if (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text)
            {
                lines.Add(text);
            }
            else if (root.TryGetProperty("title", out var title))
            {
                lines.Add(title.GetString() ?? "");
            }

            if (root.TryGetProperty("errors", out var fieldErrors) && fieldErrors.ValueKind == JsonValueKind.Object)
            {
                lines.AddRange(fieldErrors.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => $"  {f.Name}: {m.GetString()}")));
            }

            return string.Join(Environment.NewLine, lines);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}

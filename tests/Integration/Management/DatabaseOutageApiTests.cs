using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Management;

/// <summary>
/// The management API while its PostgreSQL server is down (a server of the test's own, stopped and started again):
/// every call answers 503 with a problem that says the database cannot be reached and when to retry, never a 500,
/// and the API works again as soon as the server is back.
/// </summary>
public sealed class DatabaseOutageApiTests : IAsyncLifetime
{
    private PrivatePostgresServer _server = null!;
    private GatewayFactory _portal = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await PrivatePostgresServer.StartAsync();
        _portal = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStartup"] = "true",
            ["ConnectionStrings:Portal"] = _server.ConnectionString("postgres"),
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        });
        _admin = _portal.CreateAdminClient();
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ManagementApi_DatabaseServerStopped_Answers503ProblemWithRetryAfter_ThenRecoversWhenItIsBack()
    {
        var teamId = await CreatedIdAsync(await _admin.PostAsJsonAsync("/api/admin/teams", new { name = "before-the-outage" }, Ct));

        await _server.StopServerAsync();

        var calls = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("GET teams", () => _admin.GetAsync("/api/admin/teams", Ct)),
            ("GET team", () => _admin.GetAsync($"/api/admin/teams/{teamId}", Ct)),
            ("GET backends", () => _admin.GetAsync("/api/admin/backends", Ct)),
            ("GET audit", () => _admin.GetAsync("/api/admin/audit", Ct)),
            ("GET requests", () => _admin.GetAsync("/api/admin/requests", Ct)),
            ("POST team", () => _admin.PostAsJsonAsync("/api/admin/teams", new { name = "during-the-outage" }, Ct)),
            ("POST key", () => _admin.PostAsJsonAsync($"/api/admin/teams/{teamId}/keys", new { name = "k" }, Ct)),
            ("DELETE team", () => _admin.DeleteAsync($"/api/admin/teams/{teamId}", Ct)),
        };
        foreach (var (name, send) in calls)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Equal("The database cannot be reached.", problem.GetProperty("title").GetString());
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        }

        await _server.StartServerAsync();

        // Connections the pool held died with the server; a call may meet one once more (503 again), never a 500.
        HttpResponseMessage? back = null;
        for (var attempt = 0; attempt < 5 && back?.StatusCode != HttpStatusCode.OK; attempt++)
        {
            back?.Dispose();
            back = await _admin.GetAsync("/api/admin/teams", Ct);
            Assert.True(back.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)back.StatusCode} {await back.Content.ReadAsStringAsync(Ct)}");
        }

        Assert.Equal(HttpStatusCode.OK, back!.StatusCode);
        back.Dispose();
        using var created = await _admin.PostAsJsonAsync("/api/admin/teams", new { name = "after-the-outage" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var teams = await _admin.GetAsync("/api/admin/teams", Ct);
        var names = (await teams.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("before-the-outage", names);
        Assert.Contains("after-the-outage", names);
        Assert.DoesNotContain("during-the-outage", names);
    }

    [Fact]
    public async Task ManagementApi_ConstraintViolation_IsStillAConflictNotAnOutage()
    {
        await CreatedIdAsync(await _admin.PostAsJsonAsync("/api/admin/teams", new { name = "twice" }, Ct));

        using var again = await _admin.PostAsJsonAsync("/api/admin/teams", new { name = "twice" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        }
    }
}

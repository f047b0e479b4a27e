using System.Text.Json;
using AiGateway.OidcIssuer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

// A standards-compliant OpenID Connect provider for tests: authorization code flow with PKCE, RS256 id tokens, one
// client and a fixed list of people, configured by a JSON file: OidcIssuer --config <file>.
var configPath = args.SkipWhile(a => a != "--config").Skip(1).FirstOrDefault();
if (configPath is null)
{
    await Console.Error.WriteLineAsync("usage: OidcIssuer --config <file.json>");
    return 2;
}

var configuration = JsonSerializer.Deserialize<IssuerConfiguration>(await File.ReadAllTextAsync(configPath), JsonSerializerOptions.Web)
    ?? throw new InvalidOperationException("The configuration file is empty.");

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Port 0: the system picks a free port, and the issuer prints the address it got, so parallel test runs never clash.
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddSingleton(configuration);
builder.Services.AddSingleton<SigningKey>();
builder.Services.AddSingleton<AuthorizationCodes>();
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.MapDiscovery();
app.MapAuthorize();
app.MapToken();
app.MapEndSession();
await app.StartAsync();

var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
// The one line a test waits for on stdout.
Console.WriteLine($"issuer={address.TrimEnd('/')}");
await app.WaitForShutdownAsync();
return 0;

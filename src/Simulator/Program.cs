// The standalone simulator: `dotnet run --project src/Simulator -- --urls http://127.0.0.1:PORT`.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSimulator(builder.Configuration.GetSection("Simulator"));

var app = builder.Build();
app.MapSimulator();
app.Run();

/// <summary>
/// Internal on purpose: .NET would otherwise make the top-level Program public, and a host that references
/// this assembly (the demo maps the simulator in-process) would then see two global Program types, which
/// breaks <c>WebApplicationFactory&lt;Program&gt;</c> in its tests. Tests here reach it through InternalsVisibleTo.
/// </summary>
internal sealed partial class Program;

// The standalone simulator: `dotnet run --project src/Simulator -- --urls http://127.0.0.1:PORT`.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSimulator(builder.Configuration.GetSection("Simulator"));

var app = builder.Build();
app.MapSimulator();
app.Run();

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DeploymentPriceVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: each deployment's prices become its default tier's first version, in force since 2000-01-01 UTC,
            // before the columns go.
            migrationBuilder.Sql("""
                INSERT INTO "DeploymentPrices" ("Id", "DeploymentId", "ServiceTier", "EffectiveFrom", "InputPer1K", "OutputPer1K", "MonthlyFixedCost", "CreatedAt") SELECT "Id", "Id", 'default', TIMESTAMPTZ '2000-01-01T00:00:00Z', "InputPricePer1K", "OutputPricePer1K", "MonthlyFixedCost", "CreatedAt" FROM "Deployments";
                """);

            migrationBuilder.DropColumn(
                name: "InputPricePer1K",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "MonthlyFixedCost",
                table: "Deployments");

            migrationBuilder.DropColumn(
                name: "OutputPricePer1K",
                table: "Deployments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "InputPricePer1K",
                table: "Deployments",
                type: "numeric(18,8)",
                precision: 18,
                scale: 8,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "MonthlyFixedCost",
                table: "Deployments",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "OutputPricePer1K",
                table: "Deployments",
                type: "numeric(18,8)",
                precision: 18,
                scale: 8,
                nullable: false,
                defaultValue: 0m);
        }
    }
}

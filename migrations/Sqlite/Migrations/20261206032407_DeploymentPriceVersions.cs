using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeploymentPriceVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: each deployment's prices become its default tier's first version, in force since 2000-01-01 UTC
            // (1291925127168000000 is that time as DateTimeOffsetToBinaryConverter stores it), before the columns go.
            migrationBuilder.Sql("""
                INSERT INTO "DeploymentPrices" ("Id", "DeploymentId", "ServiceTier", "EffectiveFrom", "InputPer1K", "OutputPer1K", "MonthlyFixedCost", "CreatedAt") SELECT "Id", "Id", 'default', 1291925127168000000, "InputPricePer1K", "OutputPricePer1K", "MonthlyFixedCost", "CreatedAt" FROM "Deployments";
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
            migrationBuilder.AddColumn<double>(
                name: "InputPricePer1K",
                table: "Deployments",
                type: "REAL",
                precision: 18,
                scale: 8,
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "MonthlyFixedCost",
                table: "Deployments",
                type: "REAL",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "OutputPricePer1K",
                table: "Deployments",
                type: "REAL",
                precision: 18,
                scale: 8,
                nullable: false,
                defaultValue: 0.0);
        }
    }
}

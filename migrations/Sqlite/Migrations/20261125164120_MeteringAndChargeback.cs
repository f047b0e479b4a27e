using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MeteringAndChargeback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId",
                table: "UsageHourlyRollups");

            migrationBuilder.AddColumn<double>(
                name: "MonthlyFixedCost",
                table: "Deployments",
                type: "REAL",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId_BackendId",
                table: "UsageHourlyRollups",
                columns: new[] { "HourStart", "TeamId", "ApiKeyId", "AliasName", "DeploymentId", "BackendId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId_BackendId",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "MonthlyFixedCost",
                table: "Deployments");

            migrationBuilder.CreateIndex(
                name: "IX_UsageHourlyRollups_HourStart_TeamId_ApiKeyId_AliasName_DeploymentId",
                table: "UsageHourlyRollups",
                columns: new[] { "HourStart", "TeamId", "ApiKeyId", "AliasName", "DeploymentId" },
                unique: true);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PriceTablesCostBudgetsTokenTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AudioCompletionTokens",
                table: "UsageRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "AudioPromptTokens",
                table: "UsageRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CachedPromptTokens",
                table: "UsageRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ReasoningTokens",
                table: "UsageRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ServiceTier",
                table: "UsageRecords",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AudioCompletionTokens",
                table: "UsageHourlyRollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "AudioPromptTokens",
                table: "UsageHourlyRollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "CachedPromptTokens",
                table: "UsageHourlyRollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "ReasoningTokens",
                table: "UsageHourlyRollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "BudgetAlertPercents",
                table: "QuotaPolicies",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DailyCostBudget",
                table: "QuotaPolicies",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MonthlyCostBudget",
                table: "QuotaPolicies",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeploymentPrices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeploymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceTier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EffectiveFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    InputPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    CachedInputPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: true),
                    OutputPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    ReasoningPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: true),
                    AudioInputPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: true),
                    AudioOutputPer1K = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: true),
                    MonthlyFixedCost = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeploymentPrices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeploymentPrices_Deployments_DeploymentId",
                        column: x => x.DeploymentId,
                        principalTable: "Deployments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeploymentPrices_DeploymentId_ServiceTier_EffectiveFrom",
                table: "DeploymentPrices",
                columns: new[] { "DeploymentId", "ServiceTier", "EffectiveFrom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeploymentPrices");

            migrationBuilder.DropColumn(
                name: "AudioCompletionTokens",
                table: "UsageRecords");

            migrationBuilder.DropColumn(
                name: "AudioPromptTokens",
                table: "UsageRecords");

            migrationBuilder.DropColumn(
                name: "CachedPromptTokens",
                table: "UsageRecords");

            migrationBuilder.DropColumn(
                name: "ReasoningTokens",
                table: "UsageRecords");

            migrationBuilder.DropColumn(
                name: "ServiceTier",
                table: "UsageRecords");

            migrationBuilder.DropColumn(
                name: "AudioCompletionTokens",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "AudioPromptTokens",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "CachedPromptTokens",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "ReasoningTokens",
                table: "UsageHourlyRollups");

            migrationBuilder.DropColumn(
                name: "BudgetAlertPercents",
                table: "QuotaPolicies");

            migrationBuilder.DropColumn(
                name: "DailyCostBudget",
                table: "QuotaPolicies");

            migrationBuilder.DropColumn(
                name: "MonthlyCostBudget",
                table: "QuotaPolicies");
        }
    }
}

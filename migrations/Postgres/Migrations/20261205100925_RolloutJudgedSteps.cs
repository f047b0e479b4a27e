using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RolloutJudgedSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AdvanceUnjudged",
                table: "Rollouts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Assignment",
                table: "Rollouts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // Rollouts from before the setting split by client, as they always did.
                defaultValue: "PerClient");

            migrationBuilder.AddColumn<int>(
                name: "MaxStepSeconds",
                table: "Rollouts",
                type: "integer",
                nullable: false,
                // Rollouts from before the setting get the model's default; the driver never lets it cut a step's hold short.
                defaultValue: 3600);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdvanceUnjudged",
                table: "Rollouts");

            migrationBuilder.DropColumn(
                name: "Assignment",
                table: "Rollouts");

            migrationBuilder.DropColumn(
                name: "MaxStepSeconds",
                table: "Rollouts");
        }
    }
}

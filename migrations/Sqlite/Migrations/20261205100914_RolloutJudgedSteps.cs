using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Assignment",
                table: "Rollouts",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Rollouts from before the setting split by client, as they always did.
                defaultValue: "PerClient");

            migrationBuilder.AddColumn<int>(
                name: "MaxStepSeconds",
                table: "Rollouts",
                type: "INTEGER",
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

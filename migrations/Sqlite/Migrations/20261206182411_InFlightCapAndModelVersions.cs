using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InFlightCapAndModelVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MaxRequestsInFlight",
                table: "Teams",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowMixedModelVersions",
                table: "Aliases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxRequestsInFlight",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "AllowMixedModelVersions",
                table: "Aliases");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CapacitySharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Priority",
                table: "ApiKeys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HighReservedPercent",
                table: "Aliases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "LowQueueSeconds",
                table: "Aliases",
                type: "double precision",
                nullable: false,
                defaultValue: 30.0);

            migrationBuilder.AddColumn<int>(
                name: "MaxQueueLength",
                table: "Aliases",
                type: "integer",
                nullable: false,
                defaultValue: 100);

            migrationBuilder.AddColumn<double>(
                name: "NormalQueueSeconds",
                table: "Aliases",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "RoutingStrategy",
                table: "Aliases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Weighted");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Priority",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "HighReservedPercent",
                table: "Aliases");

            migrationBuilder.DropColumn(
                name: "LowQueueSeconds",
                table: "Aliases");

            migrationBuilder.DropColumn(
                name: "MaxQueueLength",
                table: "Aliases");

            migrationBuilder.DropColumn(
                name: "NormalQueueSeconds",
                table: "Aliases");

            migrationBuilder.DropColumn(
                name: "RoutingStrategy",
                table: "Aliases");
        }
    }
}

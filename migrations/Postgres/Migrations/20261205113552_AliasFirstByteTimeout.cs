using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AliasFirstByteTimeout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "FirstByteTimeoutSeconds",
                table: "Aliases",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstByteTimeoutSeconds",
                table: "Aliases");
        }
    }
}

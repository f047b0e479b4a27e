using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StatefulOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StoredObjectOwners",
                columns: table => new
                {
                    ObjectId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DeploymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    BackendId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredObjectOwners", x => x.ObjectId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StoredObjectOwners_ExpiresAt",
                table: "StoredObjectOwners",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_StoredObjectOwners_TeamId_Kind",
                table: "StoredObjectOwners",
                columns: new[] { "TeamId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StoredObjectOwners");
        }
    }
}

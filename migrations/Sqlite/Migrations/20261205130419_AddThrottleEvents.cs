using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddThrottleEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ThrottleEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TeamId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeamName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ApiKeyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    KeyName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    KeyPrefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    EntraAppId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AliasName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    QuotaLimit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DeploymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DeploymentName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    BackendId = table.Column<Guid>(type: "TEXT", nullable: true),
                    BackendName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    RetryAfterMs = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThrottleEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ThrottleEvents_At",
                table: "ThrottleEvents",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ThrottleEvents_TeamId_At",
                table: "ThrottleEvents",
                columns: new[] { "TeamId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ThrottleEvents");
        }
    }
}

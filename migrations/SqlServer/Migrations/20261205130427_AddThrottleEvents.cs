using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.SqlServer.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    RequestId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    TeamId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TeamName = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    ApiKeyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    KeyName = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    KeyPrefix = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    EntraAppId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    AliasName = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    QuotaLimit = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    PolicyId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DeploymentId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DeploymentName = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    BackendId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    BackendName = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    RetryAfterMs = table.Column<int>(type: "int", nullable: true)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
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
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: true),
                    KeyName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    KeyPrefix = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    EntraAppId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AliasName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    QuotaLimit = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PolicyId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeploymentId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeploymentName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    BackendId = table.Column<Guid>(type: "uuid", nullable: true),
                    BackendName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    RetryAfterMs = table.Column<int>(type: "integer", nullable: true)
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

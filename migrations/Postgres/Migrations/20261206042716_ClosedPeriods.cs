using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ClosedPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClosedPeriods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DayStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Reopened = table.Column<bool>(type: "boolean", nullable: false),
                    ReopenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReopenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ReopenReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FixedCostAllocationLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClosedPeriodId = table.Column<Guid>(type: "uuid", nullable: false),
                    DayStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeploymentId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    AliasName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Tokens = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    DailyFixedCost = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FixedCostAllocationLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FixedCostAllocationLines_ClosedPeriods_ClosedPeriodId",
                        column: x => x.ClosedPeriodId,
                        principalTable: "ClosedPeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClosedPeriods_DayStart",
                table: "ClosedPeriods",
                column: "DayStart",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FixedCostAllocationLines_ClosedPeriodId",
                table: "FixedCostAllocationLines",
                column: "ClosedPeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_FixedCostAllocationLines_DayStart_DeploymentId_TeamId_Alias~",
                table: "FixedCostAllocationLines",
                columns: new[] { "DayStart", "DeploymentId", "TeamId", "AliasName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FixedCostAllocationLines_TeamId_DayStart",
                table: "FixedCostAllocationLines",
                columns: new[] { "TeamId", "DayStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FixedCostAllocationLines");

            migrationBuilder.DropTable(
                name: "ClosedPeriods");
        }
    }
}

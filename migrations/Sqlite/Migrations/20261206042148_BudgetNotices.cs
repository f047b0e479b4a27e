using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BudgetNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BudgetNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PeriodStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Percent = table.Column<int>(type: "INTEGER", nullable: false),
                    Spent = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: false),
                    Budget = table.Column<double>(type: "REAL", precision: 20, scale: 4, nullable: false),
                    NotifiedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BudgetNotices_QuotaPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "QuotaPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetNotices_PolicyId_Measure_Period_PeriodStart_Percent",
                table: "BudgetNotices",
                columns: new[] { "PolicyId", "Measure", "Period", "PeriodStart", "Percent" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetNotices");
        }
    }
}

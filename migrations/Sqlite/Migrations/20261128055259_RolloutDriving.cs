using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiGateway.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RolloutDriving : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "MaxThrottleRate",
                table: "Rollouts",
                newName: "MaxThrottleRateIncrease");

            migrationBuilder.AddColumn<double>(
                name: "MaxContentFilterRateIncrease",
                table: "Rollouts",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Rollouts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "RolloutFigures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RolloutId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: false),
                    Replica = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Errors = table.Column<long>(type: "INTEGER", nullable: false),
                    Throttled = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentFiltered = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyHistogram = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    FirstTokenHistogram = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutFigures_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RolloutFigures_RolloutId_Phase_Replica_Side",
                table: "RolloutFigures",
                columns: new[] { "RolloutId", "Phase", "Replica", "Side" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RolloutFigures");

            migrationBuilder.DropColumn(
                name: "MaxContentFilterRateIncrease",
                table: "Rollouts");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Rollouts");

            migrationBuilder.RenameColumn(
                name: "MaxThrottleRateIncrease",
                table: "Rollouts",
                newName: "MaxThrottleRate");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AiGateway.Migrations.Postgres.Migrations
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
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Rollouts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "RolloutFigures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RolloutId = table.Column<Guid>(type: "uuid", nullable: false),
                    Phase = table.Column<int>(type: "integer", nullable: false),
                    Replica = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Side = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Requests = table.Column<long>(type: "bigint", nullable: false),
                    Errors = table.Column<long>(type: "bigint", nullable: false),
                    Throttled = table.Column<long>(type: "bigint", nullable: false),
                    ContentFiltered = table.Column<long>(type: "bigint", nullable: false),
                    LatencyHistogram = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    FirstTokenHistogram = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AddReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Reminders are on by default, also for the competitions that exist already (edited by hand: EF writes false).
            migrationBuilder.AddColumn<bool>(
                name: "RemindConsents",
                table: "Competitions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindDrafts",
                table: "Competitions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindJudges",
                table: "Competitions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "ReminderStops",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Topic = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderStops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Occasion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CompetitionId = table.Column<int>(type: "integer", nullable: true),
                    OutboxMessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentReminders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderStops_Email_Topic",
                table: "ReminderStops",
                columns: new[] { "Email", "Topic" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentReminders_CompetitionId",
                table: "SentReminders",
                column: "CompetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_SentReminders_Kind_Recipient_Occasion",
                table: "SentReminders",
                columns: new[] { "Kind", "Recipient", "Occasion" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReminderStops");

            migrationBuilder.DropTable(
                name: "SentReminders");

            migrationBuilder.DropColumn(
                name: "RemindConsents",
                table: "Competitions");

            migrationBuilder.DropColumn(
                name: "RemindDrafts",
                table: "Competitions");

            migrationBuilder.DropColumn(
                name: "RemindJudges",
                table: "Competitions");
        }
    }
}

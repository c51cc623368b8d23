using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindDrafts",
                table: "Competitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemindJudges",
                table: "Competitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "ReminderStops",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderStops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Occasion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: true),
                    OutboxMessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <summary>
    /// The outbox for several senders (docs/decisions/0004-email-outbox.md): the bodies are copied to a table of their
    /// own, so that changing a row's status or lease no longer rewrites them, and the claim and the read-back of a claim
    /// are served by indexes. One transaction; the old body columns are dropped by the next migration
    /// (<see cref="OutboxBodyColumnsDropped"/>), because SQLite rebuilds the table for that, which cannot run in a
    /// transaction.
    /// </summary>
    public partial class OutboxSendersAndBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OutboxMessageBodies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessageBodies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxMessageBodies_OutboxMessages_Id",
                        column: x => x.Id,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(
                "INSERT INTO \"OutboxMessageBodies\" (\"Id\", \"HtmlBody\", \"TextBody\") " +
                "SELECT \"Id\", \"HtmlBody\", \"TextBody\" FROM \"OutboxMessages\";");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_LockedBy",
                table: "OutboxMessages",
                column: "LockedBy",
                filter: "\"LockedBy\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_LockedUntil",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt", "LockedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_LockedBy",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt_LockedUntil",
                table: "OutboxMessages");

            migrationBuilder.Sql(
                "UPDATE \"OutboxMessages\" SET " +
                "\"HtmlBody\" = (SELECT b.\"HtmlBody\" FROM \"OutboxMessageBodies\" AS b WHERE b.\"Id\" = \"OutboxMessages\".\"Id\"), " +
                "\"TextBody\" = (SELECT b.\"TextBody\" FROM \"OutboxMessageBodies\" AS b WHERE b.\"Id\" = \"OutboxMessages\".\"Id\") " +
                "WHERE \"Id\" IN (SELECT \"Id\" FROM \"OutboxMessageBodies\");");

            migrationBuilder.DropTable(
                name: "OutboxMessageBodies");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}

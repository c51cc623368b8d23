using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UploadCompletionClaim : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "UploadSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CompletionClaim",
                table: "UploadSessions",
                type: "TEXT",
                nullable: true);

            // Before the unique index: rows recorded twice for one stored file by simultaneous "complete" calls
            // (issue 14). Of each set, the current row is kept (else the first); the others are the same file.
            migrationBuilder.Sql("""
                DELETE FROM "EntryFiles" WHERE EXISTS (
                    SELECT 1 FROM "EntryFiles" AS k
                    WHERE k."StoredName" = "EntryFiles"."StoredName" AND k."Id" <> "EntryFiles"."Id"
                      AND (k."IsCurrent" > "EntryFiles"."IsCurrent" OR (k."IsCurrent" = "EntryFiles"."IsCurrent" AND k."Id" < "EntryFiles"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_EntryFiles_StoredName",
                table: "EntryFiles",
                column: "StoredName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EntryFiles_StoredName",
                table: "EntryFiles");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "UploadSessions");

            migrationBuilder.DropColumn(
                name: "CompletionClaim",
                table: "UploadSessions");
        }
    }
}

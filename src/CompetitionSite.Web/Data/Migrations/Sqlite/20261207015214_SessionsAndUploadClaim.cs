using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionsAndUploadClaim : Migration
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
        

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserSessions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_UserId",
                table: "UserSessions",
                column: "UserId");
        
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UserSessions");
        

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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PublishedByUserId",
                table: "Competitions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RankingMode",
                table: "Competitions",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                // Existing competitions rank by the raw mean, as before.
                defaultValue: "Raw");

            migrationBuilder.CreateTable(
                name: "CategoryAwardDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    RankingFingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SavedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SavedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CategoryAwardDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CategoryAwardDecisions_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CategoryAwardDecisions_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EntryAwards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    AwardName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AwardOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsSpecial = table.Column<bool>(type: "INTEGER", nullable: false),
                    Citation = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntryAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EntryAwards_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EntryAwards_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EntryAwards_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ExcusedEntries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ExcusedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExcusedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExcusedEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExcusedEntries_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExcusedEntries_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ResultNotices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompetitionId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<int>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Round = table.Column<int>(type: "INTEGER", nullable: false),
                    OutboxMessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResultNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResultNotices_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ResultNotices_Entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "Entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CategoryAwardDecisions_CategoryId",
                table: "CategoryAwardDecisions",
                column: "CategoryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CategoryAwardDecisions_CompetitionId",
                table: "CategoryAwardDecisions",
                column: "CompetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_EntryAwards_CategoryId",
                table: "EntryAwards",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_EntryAwards_CompetitionId_CategoryId",
                table: "EntryAwards",
                columns: new[] { "CompetitionId", "CategoryId" });

            migrationBuilder.CreateIndex(
                name: "IX_EntryAwards_EntryId_IsSpecial",
                table: "EntryAwards",
                columns: new[] { "EntryId", "IsSpecial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExcusedEntries_CompetitionId",
                table: "ExcusedEntries",
                column: "CompetitionId");

            migrationBuilder.CreateIndex(
                name: "IX_ExcusedEntries_EntryId",
                table: "ExcusedEntries",
                column: "EntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResultNotices_CompetitionId_Kind",
                table: "ResultNotices",
                columns: new[] { "CompetitionId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ResultNotices_EntryId_Email_Kind_Round",
                table: "ResultNotices",
                columns: new[] { "EntryId", "Email", "Kind", "Round" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CategoryAwardDecisions");

            migrationBuilder.DropTable(
                name: "EntryAwards");

            migrationBuilder.DropTable(
                name: "ExcusedEntries");

            migrationBuilder.DropTable(
                name: "ResultNotices");

            migrationBuilder.DropColumn(
                name: "PublishedByUserId",
                table: "Competitions");

            migrationBuilder.DropColumn(
                name: "RankingMode",
                table: "Competitions");
        }
    }
}

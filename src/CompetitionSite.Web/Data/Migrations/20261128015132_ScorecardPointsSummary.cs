using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScorecardPointsSummary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PointsSummary",
                table: "Scorecards",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Scorecards.PointsSummary repeats the card's criterion scores as "criterionId:points" pairs (ascending
            // criterion id, separated by spaces). Triggers rewrite it whenever a criterion score is added, changed or
            // removed, by any code path; the ranking reads 1 row per scorecard instead of 1 per criterion score.
            migrationBuilder.Sql("""
                CREATE TRIGGER "CriterionScores_PointsSummary_Insert" AFTER INSERT ON "CriterionScores"
                BEGIN
                    UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                        SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                        FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = NEW."ScorecardId" ORDER BY "CriterionId") x), '')
                    WHERE "Id" = NEW."ScorecardId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "CriterionScores_PointsSummary_Update" AFTER UPDATE ON "CriterionScores"
                BEGIN
                    UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                        SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                        FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = "Scorecards"."Id" ORDER BY "CriterionId") x), '')
                    WHERE "Id" IN (OLD."ScorecardId", NEW."ScorecardId");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "CriterionScores_PointsSummary_Delete" AFTER DELETE ON "CriterionScores"
                BEGIN
                    UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                        SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                        FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = OLD."ScorecardId" ORDER BY "CriterionId") x), '')
                    WHERE "Id" = OLD."ScorecardId";
                END;
                """);

            // Existing scorecards.
            migrationBuilder.Sql("""
                UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                    SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                    FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = "Scorecards"."Id" ORDER BY "CriterionId") x), '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Delete";""");
            migrationBuilder.DropColumn(
                name: "PointsSummary",
                table: "Scorecards");
        }
    }
}

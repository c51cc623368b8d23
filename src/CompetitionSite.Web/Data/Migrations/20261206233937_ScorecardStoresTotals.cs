using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScorecardStoresTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The scorecard now stores the numbers the Domain computes from its points (Scorecard.SetPoints): the
            // triggers that kept PointsSummary go first (SQLite cannot rebuild Scorecards while they name it).
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "CriterionScores_PointsSummary_Delete";""");

            migrationBuilder.DropColumn(
                name: "PointsSummary",
                table: "Scorecards");

            migrationBuilder.AddColumn<string>(
                name: "CriterionShares",
                table: "Scorecards",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<double>(
                name: "WeightedTotal",
                table: "Scorecards",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // Scorecards saved before this migration: the same numbers ScoreRules.Totals makes (criteria in rubric
            // order, share = points / max, total = Σ share × weight / Σ weight × 100), once, in SQL. The sums may
            // differ from the C# ones in the last bit; every later save stores the Domain's numbers.
            migrationBuilder.Sql("""
                UPDATE "Scorecards" SET
                    "CriterionShares" = COALESCE((
                        SELECT json_group_array(x."Share") FROM (
                            SELECT COALESCE((SELECT CAST(p."Points" AS REAL) / cr."MaxPoints" FROM "CriterionScores" p
                                             WHERE p."ScorecardId" = "Scorecards"."Id" AND p."CriterionId" = cr."Id" AND cr."MaxPoints" > 0), 0.0) AS "Share"
                            FROM "JudgeAssignments" a
                            JOIN "Categories" cat ON cat."Id" = a."CategoryId"
                            JOIN "Criteria" cr ON cr."RubricId" = cat."RubricId"
                            WHERE a."Id" = "Scorecards"."AssignmentId"
                            ORDER BY cr."Order", cr."Id") x), '[]'),
                    "WeightedTotal" = COALESCE((
                        SELECT SUM(CAST(p."Points" AS REAL) / cr."MaxPoints" * cr."Weight") * 100.0
                               / (SELECT SUM(w."Weight") FROM "Criteria" w WHERE w."RubricId" = cat."RubricId")
                        FROM "JudgeAssignments" a
                        JOIN "Categories" cat ON cat."Id" = a."CategoryId"
                        JOIN "Criteria" cr ON cr."RubricId" = cat."RubricId"
                        JOIN "CriterionScores" p ON p."ScorecardId" = "Scorecards"."Id" AND p."CriterionId" = cr."Id"
                        WHERE a."Id" = "Scorecards"."AssignmentId" AND cr."MaxPoints" > 0), 0.0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CriterionShares",
                table: "Scorecards");

            migrationBuilder.DropColumn(
                name: "WeightedTotal",
                table: "Scorecards");

            migrationBuilder.AddColumn<string>(
                name: "PointsSummary",
                table: "Scorecards",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Back to the triggers of migration ScorecardPointsSummary, and the summaries they keep.
            foreach (var (name, when, card) in new[]
                     {
                         ("Insert", "AFTER INSERT", "NEW.\"ScorecardId\""),
                         ("Update", "AFTER UPDATE", "\"Scorecards\".\"Id\""),
                         ("Delete", "AFTER DELETE", "OLD.\"ScorecardId\""),
                     })
            {
                var which = name == "Update" ? "IN (OLD.\"ScorecardId\", NEW.\"ScorecardId\")" : "= " + card;
                migrationBuilder.Sql($$"""
                    CREATE TRIGGER "CriterionScores_PointsSummary_{{name}}" {{when}} ON "CriterionScores"
                    BEGIN
                        UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                            SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                            FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = {{card}} ORDER BY "CriterionId") x), '')
                        WHERE "Id" {{which}};
                    END;
                    """);
            }

            migrationBuilder.Sql("""
                UPDATE "Scorecards" SET "PointsSummary" = COALESCE((
                    SELECT group_concat(x."CriterionId" || ':' || x."Points", ' ')
                    FROM (SELECT "CriterionId", "Points" FROM "CriterionScores" WHERE "ScorecardId" = "Scorecards"."Id" ORDER BY "CriterionId") x), '');
                """);
        }
    }
}

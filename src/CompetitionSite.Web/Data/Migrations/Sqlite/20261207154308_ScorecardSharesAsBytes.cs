using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScorecardSharesAsBytes : Migration
    {
        /// <inheritdoc />
        /// <remarks>
        /// SQLite rebuilds the table and copies every value as it is: shares saved before stay JSON text, which
        /// <see cref="StoredNumbers"/> still reads; each scorecard saved from now on stores the blob.
        /// </remarks>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "CriterionShares",
                table: "Scorecards",
                type: "BLOB",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT");
        }

        /// <remarks>The values are copied as they are: blobs saved since stay blobs, which only this format reads.</remarks>
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "CriterionShares",
                table: "Scorecards",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(byte[]),
                oldType: "BLOB");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UploadFingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "UploadSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "UploadSessions");
        }
    }
}

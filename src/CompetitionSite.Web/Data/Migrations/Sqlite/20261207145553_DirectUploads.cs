using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StagingName",
                table: "UploadSessions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StagingName",
                table: "UploadSessions");
        }
    }
}
